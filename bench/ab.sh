#!/usr/bin/env bash
# Interleaved A/B of aigw builds or settings by gateway CPU time per request (issue 7, item 4).
#
#   bench/ab.sh base=/tmp/base.jar new=gateway/target/aigw.jar      # two jars, same settings
#   AB_ARGS_nocache=--spring.cloud.gateway.server.webflux.route-filter-cache-enabled=false \
#     bench/ab.sh on=gateway/target/aigw.jar nocache=gateway/target/aigw.jar   # one jar, two settings
#
# Every VARIANT=JAR starts, for each pipeline in AB_PIPELINES, one gateway JVM in front of one mock model
# (io.aigw.gateway.demo.MockModelServer from the first jar): "bare" = routes with only ChatProtocol
# (bench/config/aigw-no-stages.yml), "full" = config/application.yml's routes (license, content filter with a
# generated lexicon of AB_LEXICON_TERMS terms, labels + Ed25519 receipt, audit). AB_ARGS_<VARIANT> adds Spring
# arguments to that variant's gateways. After AB_INITIAL_WARMUP per gateway and mode, each round runs every
# gateway (and the mock, for the ratio) in a rotated order: wrk warm-up WARMUP, then a measured run DURATION,
# reading utime+stime of the JVM from /proc/<pid>/stat around it. CPU per request is the steadier figure on a
# shared machine; requests/s is printed as a ratio to the mock's own in the same round.
#
# Environment (defaults): ROUNDS=5 DURATION=5s WARMUP=2s AB_INITIAL_WARMUP=30s AB_PIPELINES=bare,full
#   AB_MODES=plain,stream BENCH_CONNECTIONS=32 BENCH_THREADS=2 BENCH_STREAM_CHUNKS=50 AB_BASE_PORT=19930
#   AB_LEXICON_TERMS=10000 AB_JAVA_OPTS="" AB_OUT=bench/results/ab-<UTC time>
#   AB_HOLD=0: 1 keeps the JVMs running after the table until Enter (for jcmd JFR.start against a warm JVM).
# Output: $AB_OUT/runs.tsv (one row per run) and $AB_OUT/summary.txt (median [min..max] per variant).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BENCH_NAME=ab.sh
# shellcheck source=bench/lib.sh
source bench/lib.sh
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
case "${1:-}" in
  "") usage; exit 2 ;;
  -h|--help) usage; exit 0 ;;
esac

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-2s}
INITIAL_WARMUP=${AB_INITIAL_WARMUP:-30s}
IFS=, read -r -a PIPELINES <<< "${AB_PIPELINES:-bare,full}"
IFS=, read -r -a MODES <<< "${AB_MODES:-plain,stream}"
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
export BENCH_STREAM_CHUNKS=${BENCH_STREAM_CHUNKS:-50}
export BENCH_API_KEY=${BENCH_API_KEY:-aigw-demo-key}
export BENCH_MODEL=${BENCH_MODEL:-gpt-4o-mini}
BASE_PORT=${AB_BASE_PORT:-19930}
LEXICON_TERMS=${AB_LEXICON_TERMS:-10000}
read -r -a JAVA_OPTS <<< "${AB_JAVA_OPTS:-}"
OUT=${AB_OUT:-bench/results/ab-$(date -u +%Y%m%dT%H%M%SZ)}
LUA=bench/wrk/chat-completions.lua
START_TIMEOUT=180

declare -A JAR=() PORT=()
VARIANTS=()
for spec in "$@"; do
  [[ "$spec" =~ ^([A-Za-z0-9_]+)=(.+)$ ]] || die "argument '$spec' is not VARIANT=JAR (VARIANT: letters, digits, _)"
  [[ -f "${BASH_REMATCH[2]}" ]] || die "jar '${BASH_REMATCH[2]}' of variant ${BASH_REMATCH[1]} not found"
  VARIANTS+=("${BASH_REMATCH[1]}")
  JAR[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
done

bench_traps

mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/aigw-ab.XXXXXX")
write_lexicon "$WORK/lexicons" "$LEXICON_TERMS"

MOCK_PORT=$BASE_PORT
PORT[direct]=$MOCK_PORT
launch direct "$OUT/direct.log" java -cp "${JAR[${VARIANTS[0]}]}" -Dloader.main=io.aigw.gateway.demo.MockModelServer \
  org.springframework.boot.loader.launch.PropertiesLauncher --port="$MOCK_PORT" --delay-ms=0 \
  --chunks="$BENCH_STREAM_CHUNKS"

GATEWAYS=()
n=0
for v in "${VARIANTS[@]}"; do
  for p in "${PIPELINES[@]}"; do
    name=$v-$p; n=$((n + 1))
    PORT[$name]=$((BASE_PORT + 2 * n - 1))
    state=$WORK/$name; mkdir -p "$state"
    extra=()
    [[ "$p" == bare ]] && extra+=(--spring.config.additional-location=file:bench/config/aigw-no-stages.yml)
    args_var=AB_ARGS_$v
    read -r -a vargs <<< "${!args_var:-}"
    opts_var=AB_JAVA_OPTS_$v
    read -r -a vopts <<< "${!opts_var:-}"
    launch "$name" "$OUT/$name.log" java "${JAVA_OPTS[@]}" "${vopts[@]}" -jar "${JAR[$v]}" \
      --aigw.products.file=config/demo/products.yaml \
      --aigw.upstreams.openai.base-url="http://127.0.0.1:$MOCK_PORT/v1" \
      --aigw.upstreams.anthropic.base-url="http://127.0.0.1:$MOCK_PORT" \
      --server.port="${PORT[$name]}" --management.server.port=$((BASE_PORT + 2 * n)) \
      --aigw.content.lexicon-dir="$WORK/lexicons" --aigw.audit.dir="$state/audit" \
      --aigw.audit.key-dir="$state/audit-keys" --aigw.label.signing.key-dir="$state/receipt-keys" \
      --logging.level.root=WARN "${extra[@]}" "${vargs[@]}"
    GATEWAYS+=("$name")
    log "$name: port ${PORT[$name]}, ${vopts[*]} ${JAR[$v]} ${vargs[*]}"
  done
done
wait_ready direct port_open "$MOCK_PORT"
n=0
for g in "${GATEWAYS[@]}"; do n=$((n + 1)); wait_ready "$g" health_up $((BASE_PORT + 2 * n)); done

url() { echo "http://127.0.0.1:${PORT[$1]}/v1/chat/completions"; }
load_target() { run_wrk "$(url "$1")" "$2" "$3" "$4"; }   # target mode duration file
serving() { serving_url "$(url "$1")"; }   # target: 5 answers of 200 in a row (a breaker may be open after a cut-off run)

TARGETS=(direct "${GATEWAYS[@]}")
for mode in "${MODES[@]}"; do
  for t in "${TARGETS[@]}"; do
    log "initial warm-up $t $mode $INITIAL_WARMUP"; serving "$t"; load_target "$t" "$mode" "$INITIAL_WARMUP" "$OUT/initial-$t-$mode.txt"
  done
done

printf 'round\ttarget\tmode\trps\tp50_us\tp99_us\terrors\tcpu_us_per_request\n' > "$OUT/runs.tsv"
for round in $(seq 1 "$ROUNDS"); do
  turn=()
  for i in "${!TARGETS[@]}"; do turn+=("${TARGETS[$(( (i + round - 1) % ${#TARGETS[@]} ))]}"); done
  for mode in "${MODES[@]}"; do
    for t in "${turn[@]}"; do
      serving "$t"; load_target "$t" "$mode" "$WARMUP" "$OUT/warmup.txt"; serving "$t"
      file=$OUT/wrk-$round-$t-$mode.txt
      before=$(cpu_ticks "${PID[$t]}"); load_target "$t" "$mode" "$DURATION" "$file"; after=$(cpu_ticks "${PID[$t]}")
      line=$(grep '^BENCH_RESULT' "$file")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$t" "$mode" "$(field "$line" rps)" "$(field "$line" p50_us)" \
        "$(field "$line" p99_us)" "$(( $(field "$line" non2xx) + $(field "$line" socket_errors) ))" \
        "$(per_request_us "$((after - before))" "$(field "$line" requests)")" \
        | tee -a "$OUT/runs.tsv" >&2
    done
  done
done

# Median [min..max] per target and mode; rps as the per-round ratio to direct's run in the same round.
printf "%-16s %-6s %26s %24s %24s %6s\n" target mode "CPU us/req med [min..max]" "req/s med [min..max]" \
  "x direct med [min..max]" errors | tee "$OUT/summary.txt"
stats ab-summary "$OUT/runs.tsv" | sort -b -k2,2 -k1,1 | tee -a "$OUT/summary.txt"
# Paired: each variant's CPU per request over the first variant's, same pipeline, round and mode (the two
# runs are minutes apart at most, so machine-wide load drifts cancel out better than in the medians above).
if (( ${#VARIANTS[@]} > 1 )); then
  printf '\nCPU per request over %s'"'"'s, paired by round: median [min..max]\n' "${VARIANTS[0]}" | tee -a "$OUT/summary.txt"
  stats ab-paired "$OUT/runs.tsv" "${VARIANTS[0]}" | sort | tee -a "$OUT/summary.txt"
fi
log "summary: $OUT/summary.txt (load average now $(cut -d' ' -f1-3 /proc/loadavg))"
if [[ "${AB_HOLD:-0}" == 1 ]]; then
  for t in "${TARGETS[@]}"; do log "holding: $t PID ${PID[$t]} port ${PORT[$t]}"; done
  log "press Enter (or close stdin) to stop"; read -r _ || true
fi
