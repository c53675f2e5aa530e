-- wrk script for bench/load.sh: POST /v1/chat/completions with a JSON body.
-- Environment: BENCH_STREAM=1 asks for "stream": true (with x-mock-chunks: BENCH_STREAM_CHUNKS),
-- BENCH_API_KEY is sent as "Authorization: Bearer ...", BENCH_MODEL is the requested model.
-- BENCH_PORTKEY_HOST (bench/compare.sh), when set, routes through Portkey to that OpenAI-compatible base URL
-- (x-portkey-provider: openai, x-portkey-custom-host) and has Portkey forward the mock's pacing headers.
-- done() prints one machine-readable BENCH_RESULT line (latencies in microseconds).

local stream = os.getenv("BENCH_STREAM") == "1"
local chunks = os.getenv("BENCH_STREAM_CHUNKS") or "50"
local key = os.getenv("BENCH_API_KEY") or "aigw-demo-key"
local model = os.getenv("BENCH_MODEL") or "gpt-4o-mini"
local portkey_host = os.getenv("BENCH_PORTKEY_HOST")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. key
if stream then
  wrk.headers["Accept"] = "text/event-stream"
  wrk.headers["x-mock-chunks"] = chunks
end
if portkey_host and portkey_host ~= "" then
  wrk.headers["x-portkey-provider"] = "openai"
  wrk.headers["x-portkey-custom-host"] = portkey_host
  wrk.headers["x-portkey-forward-headers"] = "x-mock-chunks,x-mock-delay-ms"
end
wrk.body = string.format(
  '{"model":"%s","stream":%s,"messages":[' ..
  '{"role":"system","content":"You are a helpful assistant."},' ..
  '{"role":"user","content":"Explain in two sentences what an API gateway does."}]}',
  model, tostring(stream))

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d rps=%.2f p50_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
