#!/usr/bin/env bash
# Hot reload under load (issue 14): wrk on POST /api/rec/feed (the seeded mix of bench/feed-mix.lua) for
# SECS seconds at concurrency CONC on the quickstart config, once without reloads and once while the config
# is reloaded RELOADS times, alternating between config A (RankScore ${fm_ctr}) and config B (RankScore
# ${fm_ctr} + 10), spread evenly over the run; odd reloads through POST /api/admin/reload, even ones by
# kill -HUP (each waits until /health shows the new version). bench/reload-check.lua checks every answer:
# HTTP 2xx, body code 200, and all its scores from one config (A: below 1, B: 10 to 11).
# Passes when: no socket error, no non-2xx, no mixed or unexplained answer, every reload applied, both
# configs answered, and p99 with reloads not above twice the p99 without.
#   bench/reload-load.sh [secs] [reloads] [conc]     e.g. bench/reload-load.sh 60 20 8
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}; RELOADS=${2:-20}; CONC=${3:-8}
PORT=${PORT:-18091}
JAR=tools/target/recengine-tools.jar
URL="http://127.0.0.1:$PORT"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is needed: apt-get install jq" >&2; exit 2; }
# package, never install: an install would put this tree's snapshot jars into the shared local repository
[ -f "$JAR" ] || mvn -B -q -pl tools -am package -DskipTests
java -jar "$JAR" generate --size small --out config-samples/data/quickstart 2>/dev/null
WORK=$(mktemp -d -t recengine-reload.XXXXXX)
LOG="$WORK/server.log"
PID=
stop_server() { [ -z "$PID" ] || { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; PID=; }; }
trap stop_server EXIT
DATA="$PWD/config-samples/data"
# the two configs: the quickstart bench config with its data paths made absolute (the configs live in a
# temporary folder), admin credentials, and the watcher off (the reloads here are the route's and SIGHUP's)
variant() {
  sed "s#\"\.\./config-samples/data/#\"$DATA/#g" bench/quickstart-bench.json | jq --arg score "$1" --argjson port "$PORT" '
    .ListenConf.HttpPort = $port
    | .EngineConf = ((.EngineConf // {}) + {"AdminUsername": "bench", "AdminPassword": "reload", "ConfigWatchIntervalMs": 0})
    | .RankConf.home_feed.RankScore = $score'
}
variant '${fm_ctr}' > "$WORK/a.json"
variant '${fm_ctr} + 10' > "$WORK/b.json"
CONFIG="$WORK/engine.json"
cp "$WORK/a.json" "$CONFIG"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
java -Xms1g -Xmx1g -jar "$JAR" --config "$CONFIG" > "$LOG" 2>&1 &
PID=$!
for i in $(seq 1 180); do curl -sf "$URL/ping" >/dev/null && break; sleep 1; done
version() { curl -sf "$URL/health" | jq -r '.details.config.details.version'; }
echo "warm-up: 15 s ..."
wrk -t1 -c"$CONC" -d15s -s bench/feed-mix.lua "$URL/api/rec/feed" >/dev/null

echo "run without reloads: ${SECS} s, concurrency $CONC"
BASE=$(wrk --timeout 10s -t1 -c"$CONC" -d"${SECS}s" -s bench/reload-check.lua "$URL/api/rec/feed" | grep '^RESULT')
echo "$BASE"

echo "run with $RELOADS reloads: ${SECS} s, concurrency $CONC"
wrk --timeout 10s -t1 -c"$CONC" -d"${SECS}s" -s bench/reload-check.lua "$URL/api/rec/feed" > "$WORK/wrk.out" &
WRK=$!
T0=$(date +%s%N)
APPLIED=0; FAILED=0; LATE=0
for i in $(seq 1 "$RELOADS"); do
  # reload i at i/(RELOADS+1) of the run (at once when the reloads before it ran late)
  due=$(( T0 + i * SECS * 1000000000 / (RELOADS + 1) ))
  wait_ns=$(( due - $(date +%s%N) ))
  (( wait_ns > 0 )) && sleep "$(awk -v n="$wait_ns" 'BEGIN {printf "%.3f", n / 1e9}')"
  if (( i % 2 == 1 )); then next=b; else next=a; fi
  # replace the file in one step (a rename), as a deployment tool does
  cp "$WORK/$next.json" "$CONFIG.tmp" && mv "$CONFIG.tmp" "$CONFIG"
  before=$(version)
  start=$(date +%s%N)
  if (( i % 2 == 1 )); then
    outcome=$(curl -s -u bench:reload -X POST "$URL/api/admin/reload" | jq -r .outcome)
  else
    kill -HUP "$PID"
    outcome=timeout
    for t in $(seq 1 300); do
      [ "$(version)" != "$before" ] && { outcome=$(curl -sf "$URL/health" | jq -r '.details.config.details.lastReload.outcome'); break; }
      sleep 0.1
    done
  fi
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "reload $i -> config $next via $( (( i % 2 == 1 )) && echo admin || echo SIGHUP): $outcome (${ms} ms)"
  if [ "$outcome" = applied ]; then APPLIED=$((APPLIED + 1)); else FAILED=$((FAILED + 1)); fi
  (( $(date +%s%N) - T0 < SECS * 1000000000 )) || LATE=$((LATE + 1))
done
wait "$WRK"
LOAD=$(grep '^RESULT' "$WORK/wrk.out")
echo "$LOAD"
grep -c "config version .* closed" "$LOG" | xargs echo "old generations closed:"
grep -c "closing it anyway" "$LOG" | xargs echo "generations closed before they drained:" || true
curl -sf "$URL/metrics" | grep '^recengine_config_reloads_total' || true

val() { sed "s/.*[ ]$1=\([^ ]*\).*/\1/" <<<" $2"; }
P99_BASE=$(val p99 "$BASE"); P99_LOAD=$(val p99 "$LOAD")
RATIO=$(awk -v l="$P99_LOAD" -v b="$P99_BASE" 'BEGIN {printf "%.2f", l / b}')
echo "p99 without reloads ${P99_BASE} ms, with ${RELOADS} reloads ${P99_LOAD} ms: ratio ${RATIO}"
ok=true
for k in socket_errors non2xx code_not_200 mixed unexplained; do
  [ "$(val $k "$LOAD")" = 0 ] || { echo "FAIL: $k = $(val $k "$LOAD")"; ok=false; }
done
[ "$APPLIED" = "$RELOADS" ] || { echo "FAIL: $FAILED of $RELOADS reloads not applied"; ok=false; }
[ "$LATE" = 0 ] || { echo "FAIL: $LATE reloads finished after the run (the machine is too slow for $RELOADS in ${SECS} s)"; ok=false; }
[ "$(val answers_a "$LOAD")" -gt 0 ] && [ "$(val answers_b "$LOAD")" -gt 0 ] || { echo "FAIL: not both configs answered"; ok=false; }
awk -v r="$RATIO" 'BEGIN {exit !(r <= 2)}' || { echo "FAIL: p99 ratio $RATIO above 2"; ok=false; }
$ok && echo "PASS" || { echo "server log: $LOG"; exit 1; }
