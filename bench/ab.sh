#!/usr/bin/env bash
# Interleaved A/B of aigw builds or settings by gateway CPU time per request (issue 7, item 4).
#
#   bench/ab.sh base=/tmp/base.jar new=gateway/target/aigw.jar      # two jars, same settings
#   AB_ARGS_nocache=--spring.cloud.gateway.server.webflux.route-filter-cache-enabled=false \
#     bench/ab.sh on=gateway/target/aigw.jar nocache=gateway/target/aigw.jar   # one jar, two settings
#
# Every VARIANT=JAR starts, for each pipeline in AB_PIPELINES, one gateway JVM in front of one mock model
# (io.aigw.gateway.demo.MockModelServer from the first jar): "bare" = routes with only ChatProtocol
# (bench/config/aigw-no-stages.yml), "full" = config/application.yml's routes (licence, content filter with a
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
(( $# >= 1 )) || { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2; }

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
CLK_TCK=$(getconf CLK_TCK)
LUA=bench/wrk/chat-completions.lua

log() { printf '[ab.sh] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

declare -A JAR=() PORT=() PID=()
VARIANTS=()
for spec in "$@"; do
  [[ "$spec" =~ ^([A-Za-z0-9_]+)=(.+)$ ]] || die "argument '$spec' is not VARIANT=JAR (VARIANT: letters, digits, _)"
  [[ -f "${BASH_REMATCH[2]}" ]] || die "jar '${BASH_REMATCH[2]}' of variant ${BASH_REMATCH[1]} not found"
  VARIANTS+=("${BASH_REMATCH[1]}")
  JAR[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
done

STARTED=()
cleanup() {
  local name
  for name in "${STARTED[@]}"; do kill "${PID[$name]}" 2>/dev/null || true; done
  for name in "${STARTED[@]}"; do wait "${PID[$name]}" 2>/dev/null || true; done
  [[ -n "${WORK:-}" && -d "$WORK" ]] && rm -rf "$WORK"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
health_up() { [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1/actuator/health")" == 200 ]]; }
cpu_ticks() { local f; read -r -a f <<< "$(sed 's/^.*) //' /proc/"$1"/stat)"; echo $((f[11] + f[12])); }
wait_ready() { # name check...
  local name=$1 deadline=$((SECONDS + 180)); shift
  until "$@"; do
    kill -0 "${PID[$name]}" 2>/dev/null || { tail -n 20 "$OUT/$name.log" >&2; die "$name exited"; }
    (( SECONDS < deadline )) || die "$name not ready after 180 s"
    sleep 0.5
  done
}

mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/aigw-ab.XXXXXX")
main_jar=$(ls filters/target/aigw-filters-*.jar | grep -v -- '-tests.jar' | head -n 1)
test_jar=$(ls filters/target/aigw-filters-*-tests.jar | head -n 1)
java -cp "$main_jar:$test_jar" bench/lexicon/WriteLexicon.java "$WORK/lexicons" 42 $((LEXICON_TERMS + LEXICON_TERMS / 50 + 10))

MOCK_PORT=$BASE_PORT
PORT[direct]=$MOCK_PORT
java -cp "${JAR[${VARIANTS[0]}]}" -Dloader.main=io.aigw.gateway.demo.MockModelServer \
  org.springframework.boot.loader.launch.PropertiesLauncher --port="$MOCK_PORT" --delay-ms=0 \
  --chunks="$BENCH_STREAM_CHUNKS" > "$OUT/direct.log" 2>&1 &
PID[direct]=$!; STARTED+=(direct)

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
    java "${JAVA_OPTS[@]}" "${vopts[@]}" -jar "${JAR[$v]}" --aigw.products.file=config/demo/products.yaml \
      --aigw.upstreams.openai.base-url="http://127.0.0.1:$MOCK_PORT/v1" \
      --aigw.upstreams.anthropic.base-url="http://127.0.0.1:$MOCK_PORT" \
      --server.port="${PORT[$name]}" --management.server.port=$((BASE_PORT + 2 * n)) \
      --aigw.content.lexicon-dir="$WORK/lexicons" --aigw.audit.dir="$state/audit" \
      --aigw.audit.key-dir="$state/audit-keys" --aigw.label.signing.key-dir="$state/receipt-keys" \
      --logging.level.root=WARN "${extra[@]}" "${vargs[@]}" > "$OUT/$name.log" 2>&1 &
    PID[$name]=$!; STARTED+=("$name"); GATEWAYS+=("$name")
    log "started $name: PID ${PID[$name]}, port ${PORT[$name]}, ${vopts[*]} ${JAR[$v]} ${vargs[*]}"
  done
done
wait_ready direct port_open "$MOCK_PORT"
n=0
for g in "${GATEWAYS[@]}"; do n=$((n + 1)); wait_ready "$g" health_up $((BASE_PORT + 2 * n)); done

url() { echo "http://127.0.0.1:${PORT[$1]}/v1/chat/completions"; }
run_wrk() { # target mode duration file
  BENCH_STREAM=$([[ "$2" == stream ]] && echo 1 || echo 0) \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3" --timeout 10s --latency -s "$LUA" "$(url "$1")" > "$4" 2>&1 \
    || die "wrk failed: $(cat "$4")"
}
serving() { # target: 5 answers of 200 in a row (a circuit breaker may be open after a cut-off run)
  local ok=0 deadline=$((SECONDS + 60))
  while (( ok < 5 )); do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H 'Content-Type: application/json' \
        -H "Authorization: Bearer $BENCH_API_KEY" -d "{\"model\":\"$BENCH_MODEL\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}" \
        "$(url "$1")")" == 200 ]]; then ok=$((ok + 1)); else ok=0; (( SECONDS < deadline )) || die "$1 not serving"; sleep 0.5; fi
  done
}
field() { sed -n "s/.* $2=\([0-9.]*\).*/\1/p" <<< "$1"; }

TARGETS=(direct "${GATEWAYS[@]}")
for mode in "${MODES[@]}"; do
  for t in "${TARGETS[@]}"; do
    log "initial warm-up $t $mode $INITIAL_WARMUP"; serving "$t"; run_wrk "$t" "$mode" "$INITIAL_WARMUP" "$OUT/initial-$t-$mode.txt"
  done
done

printf 'round\ttarget\tmode\trps\tp50_us\tp99_us\terrors\tcpu_us_per_request\n' > "$OUT/runs.tsv"
for round in $(seq 1 "$ROUNDS"); do
  turn=()
  for i in "${!TARGETS[@]}"; do turn+=("${TARGETS[$(( (i + round - 1) % ${#TARGETS[@]} ))]}"); done
  for mode in "${MODES[@]}"; do
    for t in "${turn[@]}"; do
      serving "$t"; run_wrk "$t" "$mode" "$WARMUP" "$OUT/warmup.txt"; serving "$t"
      file=$OUT/wrk-$round-$t-$mode.txt
      before=$(cpu_ticks "${PID[$t]}"); run_wrk "$t" "$mode" "$DURATION" "$file"; after=$(cpu_ticks "${PID[$t]}")
      line=$(grep '^BENCH_RESULT' "$file")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$t" "$mode" "$(field "$line" rps)" "$(field "$line" p50_us)" \
        "$(field "$line" p99_us)" "$(( $(field "$line" non2xx) + $(field "$line" socket_errors) ))" \
        "$(awk -v t=$((after - before)) -v n="$(field "$line" requests)" -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')" \
        | tee -a "$OUT/runs.tsv" >&2
    done
  done
done

# Median [min..max] per target and mode; rps as the per-round ratio to direct's run in the same round.
printf "%-16s %-6s %26s %24s %24s %6s\n" target mode "CPU us/req med [min..max]" "req/s med [min..max]" \
  "x direct med [min..max]" errors | tee "$OUT/summary.txt"
awk -F'\t' '
  function med(k, n,   i, j, v, a) { for (i = 1; i <= n; i++) a[i] = V[k, i]
    for (i = 2; i <= n; i++) { v = a[i]; for (j = i - 1; j >= 1 && a[j] > v; j--) a[j + 1] = a[j]; a[j + 1] = v }
    lo = a[1]; hi = a[n]; return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  NR == 1 { next }
  { rows[NR] = $0; if ($2 == "direct") drps[$1, $3] = $4 }
  END {
    for (r in rows) { split(rows[r], f, "\t"); k = f[2] SUBSEP f[3]; if (!(k in C)) order[++no] = k
      C[k]++; V[k SUBSEP "cpu", C[k]] = f[8]; V[k SUBSEP "rps", C[k]] = f[4]; V[k SUBSEP "ratio", C[k]] = f[4] / drps[f[1], f[3]]
      E[k] += f[7] }
    for (i = 1; i <= no; i++) { k = order[i]; split(k, kk, SUBSEP)
      c = med(k SUBSEP "cpu", C[k]); cl = lo; ch = hi; q = med(k SUBSEP "rps", C[k]); ql = lo; qh = hi
      x = med(k SUBSEP "ratio", C[k]); xl = lo; xh = hi
      printf "%-16s %-6s %8.1f [%5.1f..%5.1f] %8.0f [%5.0f..%5.0f] %6.3f [%.3f..%.3f] %6d\n", kk[1], kk[2], c, cl, ch, q, ql, qh, x, xl, xh, E[k] }
  }' "$OUT/runs.tsv" | sort -k2,2 -k1,1 | tee -a "$OUT/summary.txt"
# Paired: each variant's CPU per request over the first variant's, same pipeline, round and mode (the two
# runs are minutes apart at most, so machine-wide load drifts cancel out better than in the medians above).
if (( ${#VARIANTS[@]} > 1 )); then
  printf '\nCPU per request over %s'"'"'s, paired by round: median [min..max]\n' "${VARIANTS[0]}" | tee -a "$OUT/summary.txt"
  awk -F'\t' -v first="${VARIANTS[0]}" '
    NR == 1 { next }
    { split($2, t, "-"); if (t[1] == "direct") next; cpu[$1, t[1], t[2], $3] = $8; seen[t[1] SUBSEP t[2] SUBSEP $3] = 1; rounds[$1] = 1 }
    END {
      for (k in seen) { split(k, f, SUBSEP); if (f[1] == first) continue; n = 0
        for (r in rounds) if ((r, first, f[2], f[3]) in cpu && cpu[r, first, f[2], f[3]] > 0) a[++n] = cpu[r, f[1], f[2], f[3]] / cpu[r, first, f[2], f[3]]
        for (i = 2; i <= n; i++) { v = a[i]; for (j = i - 1; j >= 1 && a[j] > v; j--) a[j + 1] = a[j]; a[j + 1] = v }
        printf "%-16s %-6s %.3f [%.3f..%.3f] over %d rounds\n", f[1] "-" f[2], f[3], n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2, a[1], a[n], n }
    }' "$OUT/runs.tsv" | sort | tee -a "$OUT/summary.txt"
fi
log "summary: $OUT/summary.txt (load average now $(cut -d' ' -f1-3 /proc/loadavg))"
if [[ "${AB_HOLD:-0}" == 1 ]]; then
  for t in "${TARGETS[@]}"; do log "holding: $t PID ${PID[$t]} port ${PORT[$t]}"; done
  log "press Enter (or close stdin) to stop"; read -r _ || true
fi
