// Single-client time to first byte, for bench/compare.sh: sequential POST /v1/chat/completions over one
// kept-alive connection, timing from the moment the request is handed to the socket to the first byte of the response
// body (for a stream: the first server-sent event, not merely the headers). The connection is reused, so
// connect time is not counted; each request is read to its end before the next one starts.
//
//   node bench/node/ttfb.mjs URL plain|stream REQUESTS WARMUP
//   environment: BENCH_API_KEY, BENCH_MODEL, BENCH_STREAM_CHUNKS, BENCH_PORTKEY_HOST (as chat-completions.lua)
//
// Prints one line: BENCH_TTFB requests=N errors=E p50_us=.. p90_us=.. p99_us=.. headers_p50_us=..
import http from 'node:http';

const [url, mode, requestsArg, warmupArg] = process.argv.slice(2);
if (!url || !['plain', 'stream'].includes(mode)) {
  console.error('usage: ttfb.mjs URL plain|stream REQUESTS WARMUP');
  process.exit(2);
}
const requests = Number(requestsArg ?? 200);
const warmup = Number(warmupArg ?? 20);
const stream = mode === 'stream';
const body = JSON.stringify({
  model: process.env.BENCH_MODEL ?? 'gpt-4o-mini',
  stream,
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: 'Explain in two sentences what an API gateway does.' },
  ],
});
const headers = {
  'Content-Type': 'application/json',
  'Content-Length': Buffer.byteLength(body),
  Authorization: `Bearer ${process.env.BENCH_API_KEY ?? 'aigw-demo-key'}`,
};
if (stream) {
  headers.Accept = 'text/event-stream';
  headers['x-mock-chunks'] = process.env.BENCH_STREAM_CHUNKS ?? '50';
}
if (process.env.BENCH_PORTKEY_HOST) {
  headers['x-portkey-provider'] = 'openai';
  headers['x-portkey-custom-host'] = process.env.BENCH_PORTKEY_HOST;
  headers['x-portkey-forward-headers'] = 'x-mock-chunks,x-mock-delay-ms';
}
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function once() {
  return new Promise((resolve) => {
    const r = { ok: false, sentAt: 0n, headersAt: 0n, firstAt: 0n };
    const req = http.request(url, { method: 'POST', headers, agent }, (res) => {
      r.headersAt = process.hrtime.bigint();
      res.on('data', () => {
        if (r.firstAt === 0n) r.firstAt = process.hrtime.bigint();
      });
      res.on('end', () => {
        r.ok = res.statusCode === 200 && r.firstAt > 0n;
        resolve(r);
      });
      res.on('error', () => resolve(r));
    });
    req.on('error', () => resolve(r));
    r.sentAt = process.hrtime.bigint();
    req.end(body);
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

let errors = 0;
const firstUs = [];
const headersUs = [];
for (let i = 0; i < warmup + requests; i++) {
  const r = await once();
  if (!r.ok) {
    errors++;
    continue;
  }
  if (i >= warmup) {
    firstUs.push(Number(r.firstAt - r.sentAt) / 1000);
    headersUs.push(Number(r.headersAt - r.sentAt) / 1000);
  }
}
agent.destroy();
firstUs.sort((a, b) => a - b);
headersUs.sort((a, b) => a - b);
console.log(
  `BENCH_TTFB requests=${firstUs.length} errors=${errors} p50_us=${percentile(firstUs, 50).toFixed(0)} ` +
    `p90_us=${percentile(firstUs, 90).toFixed(0)} p99_us=${percentile(firstUs, 99).toFixed(0)} ` +
    `headers_p50_us=${percentile(headersUs, 50).toFixed(0)}`,
);
process.exit(errors > 0 && firstUs.length === 0 ? 1 : 0);
