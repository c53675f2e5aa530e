#!/usr/bin/env bash
# Side-by-side benchmark of aigw against a plain reverse proxy (nginx) and another AI gateway (Portkey),
# in one run on one machine, all in front of the same mock model, loaded in turn with wrk (issue 7).
#
#   bench/compare.sh              # the comparison table (installs and builds what it needs)
#   bench/compare.sh --streams    # only the many-slow-streams scenario through the full aigw pipeline
#   bench/compare.sh --all        # both, the streams scenario after the table, on a fresh gateway
#   DURATION=3s WARMUP=1s ROUNDS=1 BENCH_INITIAL_WARMUP=2s BENCH_TTFB_REQUESTS=50 bench/compare.sh  # a quick check
#
# Targets (BENCH_TARGETS, comma-separated, default all; each a process of its own):
#   direct     the mock model itself (io.aigw.gateway.demo.MockModelServer, own JVM, no pacing)
#   nginx      Debian's nginx as a plain reverse proxy: one worker, proxy_buffering off, upstream keep-alive
#   portkey    @portkey-ai/gateway@1.15.2 on Node (x-portkey-provider: openai + x-portkey-custom-host)
#   reactor-netty  the floor of aigw's stack: a plain reverse proxy written directly on Reactor Netty (the
#              server and client under Spring Cloud Gateway), no Spring, no policy (bench/floor/ReactorNettyProxy.java,
#              run from source on the gateway jar's libraries)
#   aigw-bare  aigw whose routes have only ChatProtocol (auth, one decode, proxy, audit line),
#              from bench/config/aigw-no-stages.yml
#   aigw-full  aigw with config/application.yml's routes: LicenseCheck, ContentFilter (prompt and completion,
#              a generated lexicon of >= BENCH_LEXICON_TERMS terms), AiLabel (labels + Ed25519 receipt), audit
#
# After an initial warm-up of every target (BENCH_INITIAL_WARMUP per mode), per round (ROUNDS), mode
# (plain, stream = BENCH_STREAM_CHUNKS chunks) and target (order rotated each round), wrk runs a warm-up
# (WARMUP) then a measured run (DURATION) with BENCH_CONNECTIONS connections and BENCH_THREADS threads;
# around the measured run the target's CPU time (utime+stime of its process tree from /proc/<pid>/stat)
# is read. Then a single client (bench/node/ttfb.mjs) times BENCH_TTFB_REQUESTS requests
# per target and mode to the first body byte on a kept-alive connection. The table gives medians over the
# rounds (peak RSS: the largest VmHWM, summed over the process tree) and is written to
# bench/results/compare-<UTC time>.md; raw outputs and logs go to bench/results/compare-<UTC time>/.
#
# Environment (defaults):
#   DURATION=10s WARMUP=3s ROUNDS=3 (also read as BENCH_DURATION, BENCH_WARMUP, BENCH_ROUNDS)
#   BENCH_INITIAL_WARMUP=20s (per target and mode, once, before the first round: the JVMs need it to compile)
#   BENCH_CONNECTIONS=32 BENCH_THREADS=2 BENCH_STREAM_CHUNKS=50 BENCH_TTFB_REQUESTS=500 BENCH_TTFB_WARMUP=50
#   BENCH_TARGETS=direct,nginx,portkey,reactor-netty,aigw-bare,aigw-full BENCH_BASE_PORT=19900 (ports BASE+1..BASE+15)
#   BENCH_LEXICON_TERMS=10000 BENCH_API_KEY=aigw-demo-key BENCH_MODEL=gpt-4o-mini
#   BENCH_GATEWAY_JAVA_OPTS="-Xmx256m -XX:+UseParallelGC" (aigw and reactor-netty JVMs: the settings README
#   recommends; "" = the JVM's own ergonomics) BENCH_MOCK_JAVA_OPTS=""
#   BENCH_STREAMS_JAVA_OPTS="-Xmx768m -XX:+UseParallelGC" (aigw in --streams: ~45 KiB of live heap per open stream)
#   BENCH_GATEWAY_ARGS="" (extra Spring arguments for both aigw targets, space-separated)
#   BENCH_START_TIMEOUT=180 (s) BENCH_BUILD=auto (auto: when the jar is missing or older than a source; always; never)
#   --streams: BENCH_STREAMS=5000 BENCH_SLOW_DELAY_MS=200 BENCH_STREAMS_RAMP=30 (s) BENCH_STREAMS_HOLD=30 (s)
#              BENCH_SLOW_CHUNKS=(RAMP + HOLD) / DELAY (300: a stream opened during the ramp lasts through the hold,
#              so the gateway holds BENCH_STREAMS streams instead of opening ~1,000 new ones a second)
#
# Installs, when missing: wrk (apt-get install if root, else apt-get download + dpkg -x into bench/.tools),
# nginx (always apt-get download + dpkg -x into bench/.tools: installing the package would start a system
# nginx on port 80), Portkey (npm install into bench/.tools/portkey, @hono/node-server pinned to 1.14.1 by
# npm overrides, Portkey issue #1389). Everything it starts is stopped by PID on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BENCH_NAME=compare.sh
# shellcheck source=bench/lib.sh
source bench/lib.sh

SCENARIO=compare
case "${1:-}" in
  "") ;;
  --streams) SCENARIO=streams ;;
  --all) SCENARIO=all ;;
  -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) echo "unknown argument '$1' (try --help)" >&2; exit 2 ;;
esac

DURATION=${DURATION:-${BENCH_DURATION:-10s}}
WARMUP=${WARMUP:-${BENCH_WARMUP:-3s}}
INITIAL_WARMUP=${BENCH_INITIAL_WARMUP:-20s}
ROUNDS=${ROUNDS:-${BENCH_ROUNDS:-3}}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
export BENCH_STREAM_CHUNKS=${BENCH_STREAM_CHUNKS:-50}
export BENCH_API_KEY=${BENCH_API_KEY:-aigw-demo-key}
export BENCH_MODEL=${BENCH_MODEL:-gpt-4o-mini}
TTFB_REQUESTS=${BENCH_TTFB_REQUESTS:-500}
TTFB_WARMUP=${BENCH_TTFB_WARMUP:-50}
TARGETS=${BENCH_TARGETS:-direct,nginx,portkey,reactor-netty,aigw-bare,aigw-full}
BASE_PORT=${BENCH_BASE_PORT:-19900}
LEXICON_TERMS=${BENCH_LEXICON_TERMS:-10000}
START_TIMEOUT=${BENCH_START_TIMEOUT:-180}
BUILD=${BENCH_BUILD:-auto}
STREAMS=${BENCH_STREAMS:-5000}
export BENCH_SLOW_DELAY_MS=${BENCH_SLOW_DELAY_MS:-200}
STREAMS_RAMP=${BENCH_STREAMS_RAMP:-30}
STREAMS_HOLD=${BENCH_STREAMS_HOLD:-30}
export BENCH_SLOW_CHUNKS=${BENCH_SLOW_CHUNKS:-$(( (STREAMS_RAMP + STREAMS_HOLD) * 1000 / BENCH_SLOW_DELAY_MS ))}
BENCH_GATEWAY_JAVA_OPTS=${BENCH_GATEWAY_JAVA_OPTS--Xmx256m -XX:+UseParallelGC}
BENCH_STREAMS_JAVA_OPTS=${BENCH_STREAMS_JAVA_OPTS--Xmx768m -XX:+UseParallelGC}
read -r -a GATEWAY_JAVA_OPTS <<< "$BENCH_GATEWAY_JAVA_OPTS"
read -r -a MOCK_JAVA_OPTS <<< "${BENCH_MOCK_JAVA_OPTS:-}"
read -r -a GATEWAY_ARGS <<< "${BENCH_GATEWAY_ARGS:-}"

PORTKEY_VERSION=1.15.2
HONO_NODE_SERVER_VERSION=1.14.1
TOOLS=bench/.tools
JAR=gateway/target/aigw.jar
LUA=bench/wrk/chat-completions.lua
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=bench/results/compare-$STAMP
REPORT=bench/results/compare-$STAMP.md

MOCK_PORT=$((BASE_PORT + 1))
NGINX_PORT=$((BASE_PORT + 2))
PORTKEY_PORT=$((BASE_PORT + 3))
BARE_PORT=$((BASE_PORT + 4))
FULL_PORT=$((BASE_PORT + 5))
FLOOR_PORT=$((BASE_PORT + 6))
BARE_MGMT_PORT=$((BASE_PORT + 14))
FULL_MGMT_PORT=$((BASE_PORT + 15))

selected() { [[ ",$TARGETS," == *",$1,"* ]]; }
bench_traps

# --- tools -----------------------------------------------------------------------------------------------

deb_extract() { # package...: apt-get download + dpkg -x into $TOOLS/debs (no root, no service started)
  mkdir -p "$TOOLS/debs"
  (cd "$TOOLS/debs" && apt-get download "$@" >/dev/null 2>&1) || die "apt-get download $* failed"
  local pkg
  for pkg in "$@"; do dpkg -x "$(ls -t "$TOOLS/debs/${pkg}"_*.deb | head -n 1)" "$TOOLS/root"; done
}

WRK=wrk
ensure_wrk() {
  command -v wrk >/dev/null && return 0
  if [[ -x "$TOOLS/root/usr/bin/wrk" ]]; then WRK=$TOOLS/root/usr/bin/wrk
  elif (( EUID == 0 )); then log "installing wrk (apt-get)"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else log "extracting wrk into $TOOLS"; deb_extract wrk libluajit-5.1-2; WRK=$TOOLS/root/usr/bin/wrk
  fi
  export LD_LIBRARY_PATH="$ROOT/$TOOLS/root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
}

NGINX=""
ensure_nginx() {
  if [[ -x "$TOOLS/root/usr/sbin/nginx" ]]; then NGINX=$TOOLS/root/usr/sbin/nginx; return 0; fi
  if command -v nginx >/dev/null; then NGINX=$(command -v nginx); return 0; fi
  log "extracting Debian's nginx into $TOOLS"
  deb_extract nginx
  NGINX=$TOOLS/root/usr/sbin/nginx
}

PORTKEY_DIR=$TOOLS/portkey
ensure_portkey() {
  command -v node >/dev/null && command -v npm >/dev/null || die "Portkey needs node and npm on the PATH"
  local installed
  installed=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$PORTKEY_DIR/node_modules/@portkey-ai/gateway/package.json" 2>/dev/null || true)
  [[ "$installed" == "$PORTKEY_VERSION" ]] && return 0
  log "installing @portkey-ai/gateway@$PORTKEY_VERSION into $PORTKEY_DIR"
  mkdir -p "$PORTKEY_DIR"
  cat > "$PORTKEY_DIR/package.json" <<EOF
{
  "name": "aigw-bench-portkey",
  "private": true,
  "description": "Portkey for bench/compare.sh; @hono/node-server pinned for streaming (Portkey issue #1389)",
  "dependencies": { "@portkey-ai/gateway": "$PORTKEY_VERSION" },
  "overrides": { "@hono/node-server": "$HONO_NODE_SERVER_VERSION" }
}
EOF
  (cd "$PORTKEY_DIR" && npm install --no-audit --no-fund --loglevel=error) >&2 || die "npm install of Portkey failed"
}

ensure_jar() {
  local stale=""
  if [[ -f "$JAR" && "$BUILD" == auto ]]; then
    stale=$(find pom.xml gateway/pom.xml filters/pom.xml gateway/src/main filters/src -newer "$JAR" -type f -print -quit)
  fi
  if [[ ! -f "$JAR" || "$BUILD" == always || -n "$stale" ]]; then
    [[ "$BUILD" == never ]] && die "$JAR is missing and BENCH_BUILD=never"
    log "building $JAR${stale:+ ($stale is newer)}"
    mvn -q -B -DskipTests package
  fi
  ls filters/target/aigw-filters-*-tests.jar >/dev/null 2>&1 || die "filters test-jar missing; run mvn -q -B -DskipTests package"
}

# A seeded synthetic lexicon (io.aigw.filters.content.SyntheticLexicon, as in ContentScanBenchmark: 60 %
# Chinese terms of 2-6 common characters, 40 % Latin terms of 1-3 words, categories A1-A5, ~1 % allow.txt).
generate_lexicon() { # dir
  local dir=$1 deny
  write_lexicon "$dir" "$LEXICON_TERMS"
  deny=$(cat "$dir"/*.txt | wc -l)
  deny=$((deny - $(wc -l < "$dir/allow.txt")))
  (( deny >= LEXICON_TERMS )) || die "generated lexicon has $deny deny terms, fewer than $LEXICON_TERMS"
  LEXICON_SUMMARY="$deny deny terms in $(ls "$dir" | grep -vc '^allow.txt$') categories + $(wc -l < "$dir/allow.txt") allow terms (SyntheticLexicon seed 42)"
  log "lexicon: $LEXICON_SUMMARY"
}

# --- targets ---------------------------------------------------------------------------------------------

start_mock() {
  launch direct "$OUT/direct.log" java "${MOCK_JAVA_OPTS[@]}" -cp "$JAR" \
    -Dloader.main=io.aigw.gateway.demo.MockModelServer org.springframework.boot.loader.launch.PropertiesLauncher \
    --port="$MOCK_PORT" --delay-ms=0 --chunks="$BENCH_STREAM_CHUNKS"
  wait_ready direct port_open "$MOCK_PORT"
}

start_nginx() {
  local dir=$WORK/nginx user_line=""
  mkdir -p "$dir"/{logs,client_body,proxy,fastcgi,uwsgi,scgi}
  # As root the master would hand the worker to "nobody"; keep it on the current user instead.
  (( EUID == 0 )) && user_line="user $(id -un) $(id -gn);"
  cat > "$dir/nginx.conf" <<EOF
# generated by bench/compare.sh: a plain reverse proxy in front of the mock
daemon off;
master_process on;
worker_processes 1;
$user_line
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 16384; }
http {
  access_log off;
  client_body_temp_path $dir/client_body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  keepalive_requests 1000000;
  upstream mock {
    server 127.0.0.1:$MOCK_PORT;
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://mock;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
EOF
  cp "$dir/nginx.conf" "$OUT/nginx.conf"
  launch nginx "$OUT/nginx.log" "$NGINX" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/logs/error.log"
  wait_ready nginx port_open "$NGINX_PORT"
}

start_portkey() {
  launch portkey "$OUT/portkey.log" bash -c \
    'cd "$1" && exec node build/start-server.js --port="$2" --headless' _ \
    "$PORTKEY_DIR/node_modules/@portkey-ai/gateway" "$PORTKEY_PORT"
  wait_ready portkey port_open "$PORTKEY_PORT"
}

start_floor() {
  mkdir -p "$WORK/floor"
  (cd "$WORK/floor" && jar xf "$ROOT/$JAR" BOOT-INF/lib)   # the gateway's own Reactor Netty and Netty
  launch reactor-netty "$OUT/reactor-netty.log" java "${GATEWAY_JAVA_OPTS[@]}" -cp "$WORK/floor/BOOT-INF/lib/*" \
    bench/floor/ReactorNettyProxy.java "$FLOOR_PORT" "http://127.0.0.1:$MOCK_PORT"
  wait_ready reactor-netty port_open "$FLOOR_PORT"
}

gateway_args() { # port management-port state-dir
  printf '%s\n' --aigw.products.file=config/demo/products.yaml \
    --aigw.upstreams.openai.base-url="http://127.0.0.1:$MOCK_PORT/v1" \
    --aigw.upstreams.anthropic.base-url="http://127.0.0.1:$MOCK_PORT" \
    --server.port="$1" --management.server.port="$2" \
    --aigw.content.lexicon-dir="$WORK/lexicons" \
    --aigw.audit.dir="$3/audit" --aigw.audit.key-dir="$3/audit-keys" \
    --aigw.label.signing.key-dir="$3/receipt-keys" \
    --logging.level.root=WARN
}

start_aigw() { # name port management-port [extra Spring argument...]
  local name=$1 port=$2 mgmt=$3 state
  shift 3
  state=$(mktemp -d "$WORK/$name.XXXX")
  local -a args
  mapfile -t args < <(gateway_args "$port" "$mgmt" "$state")
  # "exec" so that the PID is the JVM's own.
  launch "$name" "$OUT/$name.log" java "${GATEWAY_JAVA_OPTS[@]}" -jar "$JAR" "${args[@]}" "$@" "${GATEWAY_ARGS[@]}"
  AUDIT_DIR[$name]=$state/audit
}
declare -A AUDIT_DIR=()

url_of() {
  case $1 in
    direct) echo "http://127.0.0.1:$MOCK_PORT/v1/chat/completions" ;;
    nginx) echo "http://127.0.0.1:$NGINX_PORT/v1/chat/completions" ;;
    portkey) echo "http://127.0.0.1:$PORTKEY_PORT/v1/chat/completions" ;;
    reactor-netty) echo "http://127.0.0.1:$FLOOR_PORT/v1/chat/completions" ;;
    aigw-bare) echo "http://127.0.0.1:$BARE_PORT/v1/chat/completions" ;;
    aigw-full) echo "http://127.0.0.1:$FULL_PORT/v1/chat/completions" ;;
  esac
}
portkey_host() { [[ "$1" == portkey ]] && echo "http://127.0.0.1:$MOCK_PORT/v1" || true; }

# The answer text of a response file: the message content of a JSON answer, or the concatenated content
# deltas of an OpenAI stream.
answer_text() {
  node -e '
    const t = require("fs").readFileSync(process.argv[1], "utf8");
    let out = "";
    if (t.startsWith("data:") || t.includes("\ndata:")) {
      for (const line of t.split("\n")) {
        if (!line.startsWith("data: {")) continue;
        const c = JSON.parse(line.slice(6)).choices?.[0]?.delta?.content;
        if (c) out += c;
      }
    } else {
      out = JSON.parse(t).choices?.[0]?.message?.content ?? "";
    }
    process.stdout.write(out);' "$1"
}

# One request per target and mode before any load: a wrong route, key or lexicon shows up here, not as
# thousands of non-2xx responses. Each answer must end normally and contain the mock's whole answer (the
# full pipeline adds its label; its content filter may merge deltas while it holds back a possible match),
# and the full pipeline must label it.
preflight() { # target
  local target=$1 stream file code
  local -a extra=()
  [[ "$target" == portkey ]] && extra=(-H 'x-portkey-provider: openai' -H "x-portkey-custom-host: $(portkey_host portkey)"
                                      -H 'x-portkey-forward-headers: x-mock-chunks')
  for stream in false true; do
    file=$OUT/preflight-$target-$stream.txt
    code=$(curl -s -D "$file.headers" -o "$file" -w '%{http_code}' --max-time 20 "${extra[@]}" \
      -H 'Content-Type: application/json' -H "Authorization: Bearer $BENCH_API_KEY" \
      -H "x-mock-chunks: $BENCH_STREAM_CHUNKS" \
      -d "{\"model\":\"$BENCH_MODEL\",\"stream\":$stream,\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},{\"role\":\"user\",\"content\":\"Explain in two sentences what an API gateway does.\"}]}" \
      "$(url_of "$target")" || true)
    [[ "$code" == 200 ]] || die "preflight $target stream=$stream: HTTP $code: $(head -c 300 "$file")"
    grep -q '"finish_reason":"stop"' "$file" || die "preflight $target stream=$stream: no finish_reason stop: $(head -c 300 "$file")"
    [[ "$stream" == false ]] || grep -q '^data: \[DONE\]' "$file" || die "preflight $target: the stream has no [DONE]"
    if [[ "$target" == direct ]]; then
      EXPECTED_TEXT[$stream]=$(answer_text "$file")
      [[ -n "${EXPECTED_TEXT[$stream]}" ]] || die "preflight direct stream=$stream: empty answer"
    elif [[ "$(answer_text "$file")" != *"${EXPECTED_TEXT[$stream]}"* ]]; then
      die "preflight $target stream=$stream: the answer lacks the mock's text: $(answer_text "$file" | head -c 300)"
    fi
    if [[ "$target" == aigw-full ]] && ! grep -qi '^ai-disclosure:' "$file.headers"; then
      die "preflight aigw-full stream=$stream: no AI-Disclosure header, is AiLabel on the route?"
    fi
  done
  log "preflight $target: 200, plain and stream ($BENCH_STREAM_CHUNKS chunks), whole answer"
}
declare -A EXPECTED_TEXT=()

# --- measurements ----------------------------------------------------------------------------------------

load_target() { # target mode duration file
  BENCH_PORTKEY_HOST=$(portkey_host "$1") run_wrk "$(url_of "$1")" "$2" "$3" "$4"
}

# wrk ends a run by closing its connections with requests in flight. aigw's route circuit breaker
# (Resilience4j, around the whole exchange) counts those client aborts as upstream failures and opens for
# 10 s, answering 503 "upstream_unavailable" although the upstream is fine (reported, not fixed here). So
# before every run each target must answer SERVING_PROBES requests in a row with 200 (serving_url); the
# waits are counted and reported.
SERVING_PROBES=5
SERVING_WAITS=0
until_serving() { # target
  local -a extra=()
  [[ "$1" == portkey ]] && extra=(-H 'x-portkey-provider: openai' -H "x-portkey-custom-host: $(portkey_host portkey)")
  serving_url "$(url_of "$1")" "${extra[@]}"
  if [[ -n "$SERVING_FIRST_CODE" ]]; then
    SERVING_WAITS=$((SERVING_WAITS + 1))
    log "$1 answered HTTP $SERVING_FIRST_CODE before a run; waited until it served again"
  fi
}

measure_load() { # round target mode
  local round=$1 target=$2 mode=$3 file before after line requests
  log "round $round/$ROUNDS $target $mode: warm-up $WARMUP, measure $DURATION"
  until_serving "$target"
  load_target "$target" "$mode" "$WARMUP" "$OUT/warmup-$round-$target-$mode.txt"
  until_serving "$target"
  file=$OUT/wrk-$round-$target-$mode.txt
  before=$(cpu_ticks "${PID[$target]}")
  load_target "$target" "$mode" "$DURATION" "$file"
  after=$(cpu_ticks "${PID[$target]}")
  line=$(grep '^BENCH_RESULT' "$file") || die "no BENCH_RESULT in $file"
  requests=$(field "$line" requests)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$target" "$mode" "$(field "$line" rps)" \
    "$(field "$line" p50_us)" "$(field "$line" p99_us)" \
    "$(( $(field "$line" non2xx) + $(field "$line" socket_errors) ))" "$requests" \
    "$(per_request_us "$((after - before))" "$requests")" \
    "$(hwm_kb "${PID[$target]}")" >> "$OUT/runs.tsv"
}

measure_ttfb() { # round target mode
  local round=$1 target=$2 mode=$3 file=$OUT/ttfb-$1-$2-$3.txt line
  until_serving "$target"
  BENCH_PORTKEY_HOST=$(portkey_host "$target") \
    node bench/node/ttfb.mjs "$(url_of "$target")" "$mode" "$TTFB_REQUESTS" "$TTFB_WARMUP" > "$file" 2>&1 \
    || die "ttfb client failed: $(cat "$file")"
  line=$(grep '^BENCH_TTFB' "$file") || die "no BENCH_TTFB in $file"
  printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$target" "$mode" "$(field "$line" p50_us)" "$(field "$line" errors)" \
    >> "$OUT/ttfb.tsv"
}

# Medians over rounds per target and mode; peak RSS is the largest reading. Output: one TSV row per row.
aggregate() { stats compare-table "$OUT/runs.tsv" "$OUT/ttfb.tsv" "$TARGETS"; }

machine_line() {
  echo "$(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr), $(java -version 2>&1 | head -n 1), node $(node --version)"
}

run_compare() {
  local t mode round i
  local -a order
  IFS=, read -r -a order <<< "$TARGETS"
  selected direct || die "BENCH_TARGETS must include direct: every ratio is to it"
  generate_lexicon "$WORK/lexicons"
  start_mock
  selected nginx && start_nginx
  selected portkey && start_portkey
  selected reactor-netty && start_floor
  # Both gateways start together; each waits on its own health endpoint.
  selected aigw-bare && start_aigw aigw-bare "$BARE_PORT" "$BARE_MGMT_PORT" \
    --spring.config.additional-location=file:bench/config/aigw-no-stages.yml
  selected aigw-full && start_aigw aigw-full "$FULL_PORT" "$FULL_MGMT_PORT"
  selected aigw-bare && wait_ready aigw-bare health_up "$BARE_MGMT_PORT"
  selected aigw-full && wait_ready aigw-full health_up "$FULL_MGMT_PORT"
  for t in "${order[@]}"; do preflight "$t"; done

  printf 'round\ttarget\tmode\trps\tp50_us\tp99_us\terrors\trequests\tcpu_us_per_request\thwm_kb\n' > "$OUT/runs.tsv"
  printf 'round\ttarget\tmode\tttfb_p50_us\terrors\n' > "$OUT/ttfb.tsv"
  # JIT compilers and connection pools first: every target gets the same untimed warm-up per mode.
  for mode in plain stream; do
    for t in "${order[@]}"; do
      log "initial warm-up $t $mode: $INITIAL_WARMUP"
      until_serving "$t"
      load_target "$t" "$mode" "$INITIAL_WARMUP" "$OUT/initial-warmup-$t-$mode.txt"
    done
  done
  local load_start
  load_start=$(cut -d' ' -f1-3 /proc/loadavg)
  for round in $(seq 1 "$ROUNDS"); do
    # Rotate the order each round so that no target always runs right after the same neighbour.
    local -a turn=()
    for i in "${!order[@]}"; do turn+=("${order[$(( (i + round - 1) % ${#order[@]} ))]}"); done
    for mode in plain stream; do
      for t in "${turn[@]}"; do measure_load "$round" "$t" "$mode"; done
    done
    for mode in plain stream; do
      for t in "${turn[@]}"; do log "round $round/$ROUNDS $t $mode: time to first byte"; measure_ttfb "$round" "$t" "$mode"; done
    done
  done
  local load_end
  load_end=$(cut -d' ' -f1-3 /proc/loadavg)
  aggregate > "$OUT/table.tsv"
  if [[ -n "${AUDIT_DIR[aigw-full]:-}" ]]; then
    log "aigw-full audit lines written: $(cat "${AUDIT_DIR[aigw-full]}"/*.jsonl 2>/dev/null | wc -l)"
  fi

  local header="aigw side by side: wrk ${CONNECTIONS} connections, ${THREADS} threads, ${DURATION} x ${ROUNDS} rounds (warm-up ${INITIAL_WARMUP} per target and mode first, ${WARMUP} before each run), streams of ${BENCH_STREAM_CHUNKS} chunks; TTFB: 1 client, ${TTFB_REQUESTS} requests; medians over rounds"
  {
    echo; echo "$header"
    printf '%-13s %-6s %10s %8s %8s %9s %9s %8s %9s %8s %6s\n' target mode "req/s" "p50 ms" "p99 ms" \
      "TTFB ms" "+TTFB ms" "x direct" "CPU us/r" "RSS MB" errors
    awk -F'\t' '{ printf "%-13s %-6s %10s %8s %8s %9s %9s %8s %9s %8s %6s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 }' "$OUT/table.tsv"
  } | tee "$OUT/table.txt"
  stats compare-targets "$OUT/table.tsv" | tee "$OUT/targets.txt"
  {
    echo "# aigw side-by-side benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Command: \`DURATION=$DURATION WARMUP=$WARMUP ROUNDS=$ROUNDS BENCH_INITIAL_WARMUP=$INITIAL_WARMUP bench/compare.sh\` at commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- 2>/dev/null || echo ' (with local changes)')."
    echo "Machine: $(machine_line). Load average before / after: $load_start / $load_end."
    echo "$header. Lexicon of the full pipeline: $LEXICON_SUMMARY. aigw JVM options: '${BENCH_GATEWAY_JAVA_OPTS:-}' (empty: JVM defaults), extra arguments: '${BENCH_GATEWAY_ARGS:-}'."
    echo
    echo "| target | mode | requests/s | p50 ms | p99 ms | TTFB p50 ms | TTFB added ms | × direct | CPU µs/request | peak RSS MB | errors |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 }' "$OUT/table.tsv"
    echo
    echo "Columns: requests/s, p50, p99 from wrk (latency of whole responses; a stream's ends at its last chunk);"
    echo "TTFB p50: one client, kept-alive connection, request sent to first body byte (the first event of a stream);"
    echo "TTFB added: minus direct's; × direct: requests/s over direct's; CPU µs/request: utime+stime of the target's"
    echo "process tree (direct: the mock itself; nginx: master + worker; portkey: node) during the measured wrk run,"
    echo "over the requests it completed; peak RSS: largest VmHWM of the process tree; errors: non-2xx responses"
    echo "and socket errors in wrk plus failed TTFB requests. Raw data: $OUT/."
    echo
    echo '```'
    sed '/^$/d' "$OUT/targets.txt"
    echo '```'
  } > "$REPORT"
  if (( SERVING_WAITS > 0 )); then
    echo "Note: $SERVING_WAITS times a target answered non-200 right after a run (aigw: its circuit breaker counts the requests wrk cuts off at the end of a run as upstream failures); the script waited until it served again before measuring." | tee -a "$REPORT"
  fi
  if awk -F'\t' '$11 > 0 { found = 1 } END { exit !found }' "$OUT/table.tsv"; then
    echo "WARNING: some runs had errors (last column); their figures are not comparable." | tee -a "$REPORT"
  fi
  log "table written to $REPORT"
}

# --- the many-slow-streams scenario ----------------------------------------------------------------------

histogram_total() { awk '$1 == "Total" { print $3 }' "$1" 2>/dev/null | tail -n 1; }
# Exchanges open when the histogram was taken: one response decorator each.
histogram_count() { awk -v c="$2" '$4 == c { print $2 }' "$1" 2>/dev/null | head -n 1; }

prometheus_heap_mb() {
  curl -s --max-time 5 "http://127.0.0.1:$1/actuator/prometheus" \
    | awk '/^jvm_memory_used_bytes\{/ && /area="heap"/ { s += $NF } END { printf "%.1f", s / 1048576 }'
}

run_streams() {
  local need=$((2 * STREAMS + 1024)) pid mgmt=$FULL_MGMT_PORT file line
  (( $(ulimit -n) >= need )) || die "open files limit $(ulimit -n) is below $need (2 per stream in the gateway)"
  [[ -d "$WORK/lexicons" ]] || generate_lexicon "$WORK/lexicons"
  [[ -n "${PID[direct]:-}" ]] || start_mock
  # A fresh gateway, so that "idle" is not the heap a previous load left behind, sized for the streams.
  stop_target aigw-full
  read -r -a GATEWAY_JAVA_OPTS <<< "$BENCH_STREAMS_JAVA_OPTS"
  [[ -f "$OUT/aigw-full.log" ]] && mv "$OUT/aigw-full.log" "$OUT/aigw-full-compare.log"
  start_aigw aigw-full "$FULL_PORT" "$FULL_MGMT_PORT"
  wait_ready aigw-full health_up "$FULL_MGMT_PORT"
  pid=${PID[aigw-full]}
  preflight direct
  preflight aigw-full
  log "streams: warm-up (wrk $CONNECTIONS connections, 5 s, streams of $BENCH_STREAM_CHUNKS chunks)"
  load_target aigw-full stream 5s "$OUT/streams-warmup.txt"
  sleep 2
  until_serving aigw-full
  # The baseline in the same run: the same clients against the mock alone, so the table shows what this
  # machine's client and mock can keep up with before any gateway is in the way.
  log "streams: baseline, $STREAMS clients against the mock directly"
  node bench/node/streams.mjs "$(url_of direct)" "$STREAMS" "$STREAMS_RAMP" "$STREAMS_HOLD" "${PID[direct]}" \
    "" "$(url_of direct)" > "$OUT/streams-direct.txt" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID" || die "streams client failed against the mock: $(cat "$OUT/streams-direct.txt")"
  WRK_PID=""
  local base
  base=$(grep '^BENCH_STREAMS ' "$OUT/streams-direct.txt") || die "no BENCH_STREAMS in $OUT/streams-direct.txt"
  until_serving aigw-full
  local rss_idle heap_idle ticks_before ticks_after live_idle
  rss_idle=$(rss_kb "$pid")
  heap_idle=$(prometheus_heap_mb "$mgmt")
  jcmd "$pid" GC.heap_info > "$OUT/streams-heap-idle.txt" 2>&1 || true
  # A class histogram collects first: its total is the live heap.
  jcmd "$pid" GC.class_histogram > "$OUT/streams-histogram-idle.txt" 2>&1 || true
  live_idle=$(histogram_total "$OUT/streams-histogram-idle.txt")
  log "streams: $STREAMS clients, ramp ${STREAMS_RAMP}s, hold ${STREAMS_HOLD}s, $BENCH_SLOW_CHUNKS chunks every ${BENCH_SLOW_DELAY_MS} ms; idle RSS $((rss_idle / 1024)) MB, heap $heap_idle MB"
  file=$OUT/streams.txt
  ticks_before=$(cpu_ticks "$pid")
  node bench/node/streams.mjs "$(url_of aigw-full)" "$STREAMS" "$STREAMS_RAMP" "$STREAMS_HOLD" "$pid" \
    "http://127.0.0.1:$mgmt/actuator/prometheus" "$(url_of direct)" > "$file" 2>&1 &
  WRK_PID=$!
  ( sleep $((STREAMS_RAMP + STREAMS_HOLD / 2)); jcmd "$pid" GC.heap_info > "$OUT/streams-heap-during.txt" 2>&1
    jcmd "$pid" GC.class_histogram > "$OUT/streams-histogram-during.txt" 2>&1 ) &
  local jcmd_pid=$!
  wait "$WRK_PID" || die "streams client failed: $(cat "$file")"
  WRK_PID=""
  wait "$jcmd_pid" 2>/dev/null || true
  ticks_after=$(cpu_ticks "$pid")
  line=$(grep '^BENCH_STREAMS ' "$file") || die "no BENCH_STREAMS in $file: $(cat "$file")"
  local rss_after completed errors rss_plateau heap_plateau
  rss_after=$(rss_kb "$pid")
  completed=$(field "$line" completed)
  errors=$(field "$line" errors)
  rss_plateau=$(field "$line" rss_plateau_max_mb)
  heap_plateau=$(field "$line" heap_plateau_max_mb)
  {
    echo
    echo "## $STREAMS concurrent slow streams through aigw-full ($(date -u '+%Y-%m-%d %H:%M UTC'))"
    echo
    echo "Each of $STREAMS clients keeps one stream open at a time ($BENCH_SLOW_CHUNKS chunks, one every ${BENCH_SLOW_DELAY_MS} ms), started over ${STREAMS_RAMP} s, held ${STREAMS_HOLD} s. Machine: $(machine_line). aigw JVM options: '${BENCH_STREAMS_JAVA_OPTS}'."
    echo
    echo "| measure | mock alone (baseline) | through aigw-full |"
    echo "|---|---:|---:|"
    echo "| requests in flight at once, max | $(field "$base" max_active) | $(field "$line" max_active) |"
    echo "| streams receiving at once (first event arrived, not ended), max | $(field "$base" max_receiving) | $(field "$line" max_receiving) |"
    echo "| streams completed | $(field "$base" completed) | $completed |"
    echo "| errors (status / socket / incomplete / filtered) | $(field "$base" errors) | $errors ($(field "$line" status_errors) / $(field "$line" socket_errors) / $(field "$line" incomplete) / $(field "$line" filtered)) |"
    echo "| first event p50 / p99 ms | $(field "$base" ttfb_p50_ms) / $(field "$base" ttfb_p99_ms) | $(field "$line" ttfb_p50_ms) / $(field "$line" ttfb_p99_ms) |"
    echo "| stream duration p50 / p99 ms (ideal $((BENCH_SLOW_CHUNKS * BENCH_SLOW_DELAY_MS))) | $(field "$base" duration_p50_ms) / $(field "$base" duration_p99_ms) | $(field "$line" duration_p50_ms) / $(field "$line" duration_p99_ms) |"
    echo "| gateway RSS idle / max during the run / after, MB | | $((rss_idle / 1024)) / $(field "$line" rss_max_mb) / $((rss_after / 1024)) |"
    echo "| gateway heap used idle / max during the run, MB (garbage included) | | $heap_idle / $(field "$line" heap_max_mb) |"
    local live_during open_during
    live_during=$(histogram_total "$OUT/streams-histogram-during.txt")
    open_during=$(histogram_count "$OUT/streams-histogram-during.txt" io.aigw.gateway.route.PipelineResponseDecorator)
    local kib_per_stream=-
    if [[ -n "$live_idle" && -n "$live_during" && -n "$open_during" ]] && (( open_during > 0 )); then
      kib_per_stream=$(stats per "$live_during" 1 "$live_idle" 1 "$((open_during * 1024))" 1)
      echo "| live heap idle / with $open_during exchanges open (class histogram after a full collection), MB | | $(stats per "$live_idle" 1 0 0 1048576 1) / $(stats per "$live_during" 1 0 0 1048576 1) |"
      echo "| live heap per open exchange, KiB | | $kib_per_stream |"
    fi
    if (( $(field "$line" plateau_samples) > 0 )); then
      echo "| samples with >= 98 % of the streams receiving | | $(field "$line" plateau_samples) |"
      echo "| gateway RSS / heap, max of those samples, MB | | $rss_plateau / $heap_plateau |"
      echo "| RSS per open stream, KiB: (RSS with all open - idle) / streams | | $(stats per "$rss_plateau" 1024 "$rss_idle" 1 "$STREAMS" 1) |"
      echo "| heap per open stream, KiB (heap sampled between collections: an upper bound) | | $(stats per "$heap_plateau" 1024 "$heap_idle" 1024 "$STREAMS" 1) |"
    else
      echo "| per open stream | | n/a: never were 98 % of the $STREAMS streams receiving at once (the gateway did not keep pace, or lengthen BENCH_STREAMS_HOLD); upper bound from the run's max RSS: $(stats per "$(field "$line" rss_max_mb)" 1024 "$rss_idle" 1 "$STREAMS" 1) KiB |"
    fi
    echo "| gateway CPU per completed stream, µs | | $(stats per "$((ticks_after - ticks_before))" 1000000 0 0 "$((completed * CLK_TCK))" 0) |"
    echo
    echo "RSS from /proc/<pid>/status (VmRSS), heap from jvm_memory_used_bytes{area=\"heap\"} on the management port,"
    echo "sampled every second. jcmd GC.heap_info before and during: $OUT/streams-heap-idle.txt,"
    echo "$OUT/streams-heap-during.txt; the largest classes on the heap during: $OUT/streams-histogram-during.txt."
    grep '^BENCH_STREAMS_FIRST_ERROR' "$file" | sed 's/^BENCH_STREAMS_FIRST_ERROR/First error:/' || true
    echo
    echo '```'
    stats streams-targets "$(field "$base" ttfb_p99_ms)" "$(field "$line" ttfb_p99_ms)" \
      "$(field "$base" duration_p50_ms)" "$(field "$line" duration_p50_ms)" "$kib_per_stream" | sed '/^$/d'
    echo '```'
  } | tee -a "$REPORT"
  (( errors == 0 )) || log "WARNING: $errors streams failed"
  log "streams section written to $REPORT"
}

# --- main ------------------------------------------------------------------------------------------------

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/aigw-compare.XXXXXX")
for port in "$MOCK_PORT" "$NGINX_PORT" "$PORTKEY_PORT" "$FLOOR_PORT" "$BARE_PORT" "$FULL_PORT" "$BARE_MGMT_PORT" "$FULL_MGMT_PORT"; do
  port_open "$port" && die "127.0.0.1:$port is in use; choose other ports with BENCH_BASE_PORT"
done
ensure_wrk
ensure_jar
if [[ "$SCENARIO" != streams ]]; then
  selected nginx && ensure_nginx
  selected portkey && ensure_portkey
  run_compare
  # The streams scenario wants the machine to itself: stop the other proxies first.
  if [[ "$SCENARIO" == all ]]; then
    for t in nginx portkey reactor-netty aigw-bare; do stop_target "$t"; done
  fi
fi
if [[ "$SCENARIO" != compare ]]; then
  [[ -f "$REPORT" ]] || echo "# aigw benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')" > "$REPORT"
  run_streams
fi
