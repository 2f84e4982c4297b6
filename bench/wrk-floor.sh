#!/usr/bin/env bash
# First load run: /api/rec/feed on the ContextItemRecall sample vs /ping (the floor), same server, same run.
# Server pinned to CPU 1, wrk to CPU 0; warm-up, then interleaved rounds.
#   bench/wrk-floor.sh [rounds] [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}; SECS=${2:-10}; CONNS=${3:-32}
PORT=${PORT:-18080}
JAR=engine-server/target/engine-server.jar
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
[ -f "$JAR" ] || mvn -B -q -DskipTests install
taskset -c 1 java -Xms512m -Xmx512m -jar "$JAR" --config config-samples/contextitem.json --port "$PORT" > /tmp/recengine-bench.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for i in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/ping" >/dev/null && break; sleep 1; done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "warm-up 20 s ..."
taskset -c 0 wrk -t1 -c"$CONNS" -d10s -s bench/feed-seed.lua "http://127.0.0.1:$PORT/api/rec/feed" >/dev/null
taskset -c 0 wrk -t1 -c"$CONNS" -d10s "http://127.0.0.1:$PORT/ping" >/dev/null
for r in $(seq 1 "$ROUNDS"); do
  for target in ping feed; do
    if [ "$target" = ping ]; then
      out=$(taskset -c 0 wrk -t1 -c"$CONNS" -d"${SECS}s" --latency "http://127.0.0.1:$PORT/ping")
    else
      out=$(taskset -c 0 wrk -t1 -c"$CONNS" -d"${SECS}s" --latency -s bench/feed-seed.lua "http://127.0.0.1:$PORT/api/rec/feed")
    fi
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1=="50%" {print $2}')
    p99=$(echo "$out" | awk '$1=="99%" {print $2}')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
    echo "round $r $target: ${rps} req/s p50 ${p50} p99 ${p99} non-2xx ${non2xx:-0}"
  done
done
