// Many concurrent slow streams, for bench/compare.sh --streams: STREAMS virtual clients, each on its own
// connection, open one streamed chat completion after another until the end of the hold phase, so that
// STREAMS streams stay open at once. Clients start evenly over RAMP seconds. While they run, the gateway
// process's RSS (/proc/PID/status VmRSS) and JVM heap (Prometheus jvm_memory_used_bytes{area="heap"} on
// the management port) are sampled every second; samples taken while at least 98 % of the clients are
// receiving a stream (first event arrived, not ended; the rest are between two streams) are the
// "plateau", summarised separately. A request sent but not yet answered does not count as receiving.
//
//   node bench/node/streams.mjs URL STREAMS RAMP_S HOLD_S GATEWAY_PID PROMETHEUS_URL REFERENCE_URL
//   environment: BENCH_API_KEY, BENCH_MODEL, BENCH_SLOW_CHUNKS (20), BENCH_SLOW_DELAY_MS (200)
//
// The reference answer is fetched once from REFERENCE_URL (the mock itself, without pacing). A stream counts
// as an error unless it answers 200, its content deltas put together contain the whole reference answer
// (a gateway may add a label or merge deltas), it ends with "data: [DONE]" and has no finish_reason other
// than "stop". Prints one line: BENCH_STREAMS key=value ...
import http from 'node:http';
import { readFileSync } from 'node:fs';

const [url, streamsArg, rampArg, holdArg, pidArg, prometheusUrl, referenceUrl] = process.argv.slice(2);
if (!url || !streamsArg || !pidArg || !referenceUrl) {
  console.error('usage: streams.mjs URL STREAMS RAMP_S HOLD_S GATEWAY_PID PROMETHEUS_URL REFERENCE_URL');
  process.exit(2);
}
const streams = Number(streamsArg);
const rampMs = Number(rampArg ?? 10) * 1000;
const holdMs = Number(holdArg ?? 30) * 1000;
const chunks = Number(process.env.BENCH_SLOW_CHUNKS ?? 20);
const delayMs = Number(process.env.BENCH_SLOW_DELAY_MS ?? 200);
const body = JSON.stringify({
  model: process.env.BENCH_MODEL ?? 'gpt-4o-mini',
  stream: true,
  messages: [{ role: 'user', content: 'Explain in two sentences what an API gateway does.' }],
});
const headers = {
  'Content-Type': 'application/json',
  'Content-Length': Buffer.byteLength(body),
  Accept: 'text/event-stream',
  Authorization: `Bearer ${process.env.BENCH_API_KEY ?? 'aigw-demo-key'}`,
  'x-mock-chunks': String(chunks),
  'x-mock-delay-ms': String(delayMs),
};
/** The concatenated content deltas of an OpenAI stream. */
function answerText(sse) {
  let out = '';
  for (const line of sse.split('\n')) {
    if (!line.startsWith('data: {')) continue;
    try {
      const c = JSON.parse(line.slice(6)).choices?.[0]?.delta?.content;
      if (c) out += c;
    } catch {
      return null;
    }
  }
  return out;
}

const reference = await new Promise((resolve, reject) => {
  const req = http.request(referenceUrl, { method: 'POST', headers: { ...headers, 'x-mock-delay-ms': '0' } }, (res) => {
    let t = '';
    res.setEncoding('utf8');
    res.on('data', (d) => (t += d));
    res.on('end', () => (res.statusCode === 200 ? resolve(answerText(t)) : reject(new Error(`reference: HTTP ${res.statusCode}`))));
  });
  req.on('error', reject);
  req.end(body);
});
if (!reference) throw new Error('empty reference answer');

// One socket per virtual client: keepAlive reuses it for the client's next stream.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: streams });

const start = Date.now();
const stopAt = start + rampMs + holdMs;
let active = 0;
let receiving = 0;
let maxReceiving = 0;
let maxActive = 0;
let completed = 0;
const errors = { status: 0, socket: 0, incomplete: 0, filtered: 0 };
let firstError = '';
const ttfbMs = [];
const durationMs = [];

function noteError(kind, detail) {
  errors[kind]++;
  if (!firstError) firstError = `${kind}: ${detail}`.slice(0, 300);
}

function oneStream() {
  return new Promise((resolve) => {
    const t0 = Date.now();
    let first = 0;
    let text = '';
    let done = false;
    active++;
    maxActive = Math.max(maxActive, active);
    const finish = () => {
      if (done) return;
      done = true;
      active--;
      if (first) receiving--;
      resolve();
    };
    const req = http.request(url, { method: 'POST', headers, agent }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (d) => {
        if (!first) {
          first = Date.now();
          receiving++;
          maxReceiving = Math.max(maxReceiving, receiving);
        }
        text += d;
      });
      res.on('end', () => {
        if (res.statusCode !== 200) {
          noteError('status', `HTTP ${res.statusCode} ${text.slice(0, 200)}`);
        } else {
          const reasons = [...text.matchAll(/"finish_reason":"([a-z_]+)"/g)].map((m) => m[1]);
          const answer = answerText(text);
          if (reasons.some((r) => r !== 'stop')) {
            noteError('filtered', `finish_reason ${reasons.join(',')}`);
          } else if (!text.includes('data: [DONE]') || answer === null || !answer.includes(reference)) {
            noteError('incomplete', `[DONE] ${text.includes('data: [DONE]')}, answer ${String(answer).slice(0, 120)}`);
          } else {
            completed++;
            ttfbMs.push(first - t0);
            durationMs.push(Date.now() - t0);
          }
        }
        finish();
      });
      res.on('error', (e) => {
        noteError('socket', e.message);
        finish();
      });
    });
    req.on('error', (e) => {
      noteError('socket', e.message);
      finish();
    });
    req.end(body);
  });
}

async function client(index) {
  await new Promise((r) => setTimeout(r, (rampMs * index) / streams));
  while (Date.now() < stopAt) {
    await oneStream();
  }
}

function rssMb() {
  try {
    const m = readFileSync(`/proc/${pidArg}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function heapMb() {
  if (!prometheusUrl) return NaN;
  return new Promise((resolve) => {
    http
      .get(prometheusUrl, (res) => {
        let t = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (t += d));
        res.on('end', () => {
          let sum = 0;
          for (const line of t.split('\n')) {
            if (line.startsWith('jvm_memory_used_bytes{') && line.includes('area="heap"')) {
              sum += Number(line.slice(line.lastIndexOf(' ') + 1));
            }
          }
          resolve(sum > 0 ? sum / 1048576 : NaN);
        });
      })
      .on('error', () => resolve(NaN));
  });
}

const samples = [];
const sampler = setInterval(async () => {
  const plateau = receiving >= 0.98 * streams;
  samples.push({ plateau, rss: rssMb(), heap: await heapMb(), receiving });
}, 1000);

await Promise.all(Array.from({ length: streams }, (_, i) => client(i)));
clearInterval(sampler);
agent.destroy();

const pct = (arr, p) => {
  if (arr.length === 0) return 0;
  const s = [...arr].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const plateau = samples.filter((s) => s.plateau);
const max = (arr, k) => arr.reduce((m, s) => (Number.isFinite(s[k]) ? Math.max(m, s[k]) : m), 0);
const errorCount = errors.status + errors.socket + errors.incomplete + errors.filtered;
console.log(
  `BENCH_STREAMS streams=${streams} chunks=${chunks} delay_ms=${delayMs} max_active=${maxActive} max_receiving=${maxReceiving} ` +
    `plateau_samples=${plateau.length} completed=${completed} errors=${errorCount} ` +
    `status_errors=${errors.status} socket_errors=${errors.socket} incomplete=${errors.incomplete} ` +
    `filtered=${errors.filtered} ttfb_p50_ms=${pct(ttfbMs, 50)} ttfb_p99_ms=${pct(ttfbMs, 99)} ` +
    `duration_p50_ms=${pct(durationMs, 50)} duration_p99_ms=${pct(durationMs, 99)} ` +
    `rss_max_mb=${max(samples, 'rss').toFixed(1)} rss_plateau_max_mb=${max(plateau, 'rss').toFixed(1)} ` +
    `heap_max_mb=${max(samples, 'heap').toFixed(1)} heap_plateau_max_mb=${max(plateau, 'heap').toFixed(1)}`,
);
if (firstError) console.log(`BENCH_STREAMS_FIRST_ERROR ${firstError}`);
