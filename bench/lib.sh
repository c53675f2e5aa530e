# shellcheck shell=bash
# The shell the bench scripts share (load.sh, compare.sh, ab.sh): logging, ports, the processes they start
# and stop by PID, CPU and memory readings from /proc, wrk runs, the generated lexicon, and the statistics
# (bench/stats.py, also for every ratio). Source it after `set -euo pipefail` with BENCH_NAME set (the log prefix), then call
# bench_traps. Statistics and ratios are computed in Python.
#
# Variables a script may set before use: START_TIMEOUT (s, default 180) for wait_ready; OUT (directory of
# the logs launch writes when given a bare name); WRK (wrk binary, default wrk), THREADS, CONNECTIONS, LUA
# for run_wrk. State kept here: PID[name] (root of each started process tree), LOGFILE[name], STARTED
# (start order), WRK_PID (the wrk or client run in progress), WORK (a temporary directory removed on exit).

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CLK_TCK=$(getconf CLK_TCK)
declare -A PID=() LOGFILE=()
STARTED=()
WRK_PID=""
WORK=""

log() { printf '[%s] %s\n' "${BENCH_NAME:-bench}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
health_up() { [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1/actuator/health")" == 200 ]]; }
field() { sed -n "s/.* $2=\([0-9.]*\).*/\1/p" <<< "$1"; }   # field RESULT-line name: name=value of a BENCH_* line

# --- readings from /proc ---------------------------------------------------------------------------------

tree_pids() { # PID and all its descendants, parents first
  local p=$1 c
  [[ -d /proc/$p ]] || return 0
  echo "$p"
  for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do tree_pids "$c"; done
}

cpu_ticks() { # utime+stime of the process tree, in clock ticks
  local total=0 p stat
  local -a f
  for p in $(tree_pids "$1"); do
    stat=$(cat /proc/"$p"/stat 2>/dev/null) || continue
    read -r -a f <<< "${stat##*) }"   # fields from 3 (state) on; utime is field 14, stime 15
    total=$((total + f[11] + f[12]))
  done
  echo "$total"
}

per_request_us() { # ticks requests: CPU microseconds per request, one decimal (0 without requests)
  stats per "$1" 1000000 0 0 "$(($2 * CLK_TCK))" 1
}

hwm_kb() { # peak resident set (VmHWM) summed over the process tree, in KiB
  local total=0 p v
  for p in $(tree_pids "$1"); do
    v=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/"$p"/status 2>/dev/null) || continue
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

rss_kb() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/"$1"/status 2>/dev/null || echo 0; }

# --- processes -------------------------------------------------------------------------------------------

launch() { # name log-file command...: starts the command in the background as its own process
  local name=$1 logfile=$2
  shift 2
  "$@" > "$logfile" 2>&1 &
  PID[$name]=$!
  LOGFILE[$name]=$logfile
  STARTED+=("$name")
  log "started $name: PID ${PID[$name]}, log $logfile"
}

wait_ready() { # name check-command...: polls until the check passes, the process dies, or START_TIMEOUT
  local name=$1 timeout=${START_TIMEOUT:-180}
  local deadline=$((SECONDS + timeout))
  shift
  until "$@"; do
    kill -0 "${PID[$name]}" 2>/dev/null || { tail -n 30 "${LOGFILE[$name]}" >&2; die "$name exited during start-up"; }
    (( SECONDS < deadline )) || die "$name not ready after ${timeout}s; see ${LOGFILE[$name]}"
    sleep 0.5
  done
  log "$name ready"
}

stop_target() { # name: TERM, up to 15 s to stop, then KILL whatever is left of its process tree
  local name=$1 pid=${PID[$1]:-} p
  [[ -n "$pid" ]] || return 0
  unset "PID[$name]"
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  local -a tree
  mapfile -t tree < <(tree_pids "$pid")
  log "stopping $name (PID ${tree[*]})"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  for p in "${tree[@]}"; do
    kill -0 "$p" 2>/dev/null && { log "PID $p of $name did not stop, killing"; kill -9 "$p" 2>/dev/null || true; }
  done
  wait "$pid" 2>/dev/null || true
}

stop_all() { # the run in progress, then every started process in reverse order, then WORK
  local i
  if [[ -n "$WRK_PID" ]]; then kill "$WRK_PID" 2>/dev/null || true; wait "$WRK_PID" 2>/dev/null || true; WRK_PID=""; fi
  for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do stop_target "${STARTED[i]}"; done
  STARTED=()
  [[ -n "$WORK" && -d "$WORK" ]] && rm -rf "$WORK"
  return 0
}

bench_traps() {
  trap stop_all EXIT
  trap 'exit 130' INT TERM
}

# --- load ------------------------------------------------------------------------------------------------

run_wrk() { # url mode duration file: wrk in the background, so that a signal interrupts the wait
  # Extra environment for the Lua script (BENCH_PORTKEY_HOST, say) is passed by the caller as a prefix.
  BENCH_STREAM=$([[ "$2" == stream ]] && echo 1 || echo 0) \
    "${WRK:-wrk}" -t"$THREADS" -c"$CONNECTIONS" -d"$3" --timeout 10s --latency -s "$LUA" "$1" > "$4" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID" || die "wrk failed: $(cat "$4")"
  WRK_PID=""
}

serving_url() { # url [curl argument...]: SERVING_PROBES (default 5) answers of 200 in a row, within 60 s
  # A small plain request with BENCH_API_KEY and BENCH_MODEL. Right after a run that wrk cut off, aigw's route
  # circuit breaker may still be open (it counts the client aborts as upstream failures). Sets
  # SERVING_FIRST_CODE to the first other status seen, empty when every probe passed at once.
  local url=$1 ok=0 code deadline=$((SECONDS + 60))
  shift
  SERVING_FIRST_CODE=""
  while (( ok < ${SERVING_PROBES:-5} )); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@" -H 'Content-Type: application/json' \
      -H "Authorization: Bearer $BENCH_API_KEY" \
      -d "{\"model\":\"$BENCH_MODEL\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}" "$url" || true)
    if [[ "$code" == 200 ]]; then ok=$((ok + 1)); continue; fi
    ok=0
    SERVING_FIRST_CODE=${SERVING_FIRST_CODE:-$code}
    (( SECONDS < deadline )) || die "$url still answers HTTP $code after 60 s"
    sleep 0.5
  done
}

# --- inputs and statistics -------------------------------------------------------------------------------

write_lexicon() { # dir terms: the seeded synthetic lexicon (SyntheticLexicon, seed 42) of the full pipeline
  local main_jar test_jar
  main_jar=$(ls filters/target/aigw-filters-*.jar | grep -v -- '-tests.jar' | head -n 1)
  test_jar=$(ls filters/target/aigw-filters-*-tests.jar | head -n 1)
  # About 1 % of the generated terms go to allow.txt: ask for 2 % more so the deny terms reach the count.
  java -cp "$main_jar:$test_jar" "$BENCH_DIR/lexicon/WriteLexicon.java" "$1" 42 $(($2 + $2 / 50 + 10))
}

stats() { python3 "$BENCH_DIR/stats.py" "$@"; }   # see bench/stats.py for the commands
