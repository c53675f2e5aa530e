#!/usr/bin/env bash
# Load benchmark of aigw: the demo mock upstream called directly vs. through the gateway,
# non-streaming and streaming OpenAI Chat Completions, with wrk, on loopback only.
#
#   bench/load.sh                      # installs wrk, builds the jar if missing, starts, loads, reports
#   BENCH_TARGETS=direct bench/load.sh # only the mock, run standalone from the jar (no gateway)
#
# It starts the mock model (io.aigw.gateway.demo.MockModelServer) in its own JVM on BENCH_MOCK_PORT
# and the gateway jar in front of it (demo product registry, no policy stages beyond the routes'), runs BENCH_ROUNDS rounds alternating direct/gateway for each mode (each measured run preceded by
# a warm-up run), prints one table with means over the rounds, and stops what it started.
# Raw wrk outputs and the server log are kept in bench/results/<timestamp>/.
#
# Environment (defaults):
#   BENCH_DURATION=10s BENCH_WARMUP=3s BENCH_ROUNDS=2 BENCH_CONNECTIONS=32 BENCH_THREADS=2
#   BENCH_GATEWAY_PORT=8080 BENCH_MOCK_PORT=9901 BENCH_STREAM_CHUNKS=50
#   BENCH_API_KEY=aigw-demo-key BENCH_MODEL=gpt-4o-mini BENCH_TARGETS=direct,gateway
#   BENCH_MANAGEMENT_PORT=9090 BENCH_HEALTH_URL=http://127.0.0.1:$BENCH_MANAGEMENT_PORT/actuator/health
#   BENCH_START_TIMEOUT=120 (seconds) BENCH_JAVA_OPTS="" BENCH_RESULTS_DIR=bench/results
#   BENCH_GATEWAY_ARGS="" (extra Spring arguments for the gateway, space-separated)
#   BENCH_BUILD=missing (or "always": rebuild the jar even if it exists)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BENCH_NAME=load.sh
# shellcheck source=bench/lib.sh
source bench/lib.sh

DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-3s}
ROUNDS=${BENCH_ROUNDS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
GATEWAY_PORT=${BENCH_GATEWAY_PORT:-8080}
MOCK_PORT=${BENCH_MOCK_PORT:-9901}
export BENCH_STREAM_CHUNKS=${BENCH_STREAM_CHUNKS:-50}
export BENCH_API_KEY=${BENCH_API_KEY:-aigw-demo-key}
export BENCH_MODEL=${BENCH_MODEL:-gpt-4o-mini}
TARGETS=${BENCH_TARGETS:-direct,gateway}
MANAGEMENT_PORT=${BENCH_MANAGEMENT_PORT:-9090}
HEALTH_URL=${BENCH_HEALTH_URL:-http://127.0.0.1:$MANAGEMENT_PORT/actuator/health}
START_TIMEOUT=${BENCH_START_TIMEOUT:-120}
read -r -a JAVA_OPTS <<< "${BENCH_JAVA_OPTS:-}"
read -r -a GATEWAY_ARGS <<< "${BENCH_GATEWAY_ARGS:-}"
JAR=gateway/target/aigw.jar
LUA=bench/wrk/chat-completions.lua
OUT="${BENCH_RESULTS_DIR:-bench/results}/$(date -u +%Y%m%dT%H%M%SZ)"

with_gateway() { [[ ",$TARGETS," == *",gateway,"* ]]; }
bench_traps

# (a) wrk from Debian
if ! command -v wrk >/dev/null; then
  log "installing wrk"
  apt-get update -qq && apt-get install -y -qq wrk
fi

# (b) the gateway jar
if [[ ! -f "$JAR" || "${BENCH_BUILD:-missing}" == always ]]; then
  log "building $JAR"
  mvn -q -B -DskipTests package
fi

# (c) start the mock and, unless BENCH_TARGETS=direct, the gateway in front of it
mkdir -p "$OUT"
for port in "$MOCK_PORT" $(with_gateway && echo "$GATEWAY_PORT"); do
  port_open "$port" && die "127.0.0.1:$port is already in use; free it or set BENCH_GATEWAY_PORT / BENCH_MOCK_PORT"
done
# The mock always runs in its own process, so that the gateway runs do not share its JVM.
launch mock "$OUT/mock.log" java "${JAVA_OPTS[@]}" -cp "$JAR" -Dloader.main=io.aigw.gateway.demo.MockModelServer \
  org.springframework.boot.loader.launch.PropertiesLauncher \
  --port="$MOCK_PORT" --delay-ms=0
if with_gateway; then
  log "starting the gateway on :$GATEWAY_PORT (management :$MANAGEMENT_PORT)"
  launch gateway "$OUT/server.log" java "${JAVA_OPTS[@]}" -jar "$JAR" \
    --aigw.products.file=config/demo/products.yaml \
    --aigw.upstreams.openai.base-url="http://127.0.0.1:$MOCK_PORT/v1" \
    --aigw.upstreams.anthropic.base-url="http://127.0.0.1:$MOCK_PORT" \
    --server.port="$GATEWAY_PORT" --management.server.port="$MANAGEMENT_PORT" \
    --logging.level.root=WARN "${GATEWAY_ARGS[@]}"
fi

gateway_ready() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$HEALTH_URL" || true)
  [[ "$code" == 200 ]] && return 0
  # 401/403/404: the main port answers but health lives elsewhere; answering is ready enough.
  [[ "$code" =~ ^(401|403|404)$ ]] && { log "health answered $code; accepting TCP readiness"; return 0; }
  return 1
}
wait_ready mock port_open "$MOCK_PORT"
if with_gateway; then wait_ready gateway gateway_ready; fi

url_of() { [[ "$1" == direct ]] && echo "http://127.0.0.1:$MOCK_PORT/v1/chat/completions" \
                                 || echo "http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions"; }

# One request per target and mode first, so a misconfigured path shows up before minutes of load.
target_list=(direct); with_gateway && target_list+=(gateway)
for target in "${target_list[@]}"; do
  for stream in false true; do
    code=$(curl -s -o "$OUT/preflight-$target-$stream.txt" -w '%{http_code}' --max-time 10 \
      -H 'Content-Type: application/json' -H "Authorization: Bearer $BENCH_API_KEY" \
      -H "x-mock-chunks: $BENCH_STREAM_CHUNKS" \
      -d "{\"model\":\"$BENCH_MODEL\",\"stream\":$stream,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}" \
      "$(url_of "$target")" || true)
    if [[ "$code" == 200 ]]; then
      log "preflight $target stream=$stream: 200"
    else
      log "WARNING preflight $target stream=$stream: HTTP $code: $(head -c 300 "$OUT/preflight-$target-$stream.txt")"
    fi
  done
done

# (d) the load: per round and mode, direct then gateway, each a warm-up then a measured run
load_target() { run_wrk "$(url_of "$1")" "$2" "$3" "$4"; }   # target mode duration file
printf 'round\ttarget\tmode\trps\tp50_us\tp99_us\tnon2xx\tsocket_errors\n' > "$OUT/runs.tsv"
for round in $(seq 1 "$ROUNDS"); do
  for mode in plain stream; do
    for target in "${target_list[@]}"; do
      log "round $round/$ROUNDS $target $mode: warm-up $WARMUP, measure $DURATION"
      load_target "$target" "$mode" "$WARMUP" "$OUT/warmup-$round-$target-$mode.txt"
      file="$OUT/wrk-$round-$target-$mode.txt"
      load_target "$target" "$mode" "$DURATION" "$file"
      line=$(grep '^BENCH_RESULT' "$file") || die "no BENCH_RESULT in $file"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$target" "$mode" "$(field "$line" rps)" \
        "$(field "$line" p50_us)" "$(field "$line" p99_us)" "$(field "$line" non2xx)" \
        "$(field "$line" socket_errors)" >> "$OUT/runs.tsv"
    done
  done
done

stop_all

# (e) one table: means over the rounds, gateway/direct ratios of throughput and median latency
echo
echo "aigw load: ${CONNECTIONS} connections, ${THREADS} threads, ${DURATION} x ${ROUNDS} rounds (warm-up ${WARMUP})," \
     "streams of ${BENCH_STREAM_CHUNKS} chunks, $(nproc) CPUs; raw data in $OUT"
stats load-table "$OUT/runs.tsv" | tee "$OUT/table.txt"
if awk -F'\t' 'NR > 1 && ($7 + $8) > 0 { found = 1 } END { exit !found }' "$OUT/runs.tsv"; then
  echo "WARNING: some runs had non-2xx responses or socket errors (column 'errors'); their figures are not comparable."
fi
