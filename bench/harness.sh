#!/usr/bin/env bash
# The benchmark harness: a seeded request mix over the quickstart scene (bench/quickstart-bench.json,
# ~1,000 candidates per request: i2i 400 + vector 400 + popular 200), replayed against
#   floor  - POST /bench/floor: parses the same body, answers a fixed 10-item response
#   naive  - POST /bench/naive: the same pipeline done the obvious way (sequential recalls, exact
#            vector scan, maps copied per item, model called item by item)
#   engine - POST /api/rec/feed
# all served by one process of the tools jar (engine-server plus the /bench routes; the production
# server jar has none) pinned to CPU 1, wrk pinned to CPU 0, interleaved rounds, after the golden-answer
# check (engine == naive on 300 requests: `recengine-tools.jar golden`, the check `mvn verify` runs
# in tools/GoldenIT).
#   bench/harness.sh [rounds] [seconds] [concurrencies]      e.g. bench/harness.sh 3 10 "1 8"
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}; SECS=${2:-10}; CONCS=${3:-"1 8"}
PORT=${PORT:-18090}
JAR=tools/target/recengine-tools.jar
DATA=config-samples/data/quickstart
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
[ -f "$JAR" ] || mvn -B -q -DskipTests install
java -jar "$JAR" generate --size small --out "$DATA" 2>/dev/null
taskset -c 1 java -Xms1g -Xmx1g -Drecengine.bench.data="$DATA" -jar "$JAR" --config bench/quickstart-bench.json \
  --port "$PORT" > /tmp/recengine-harness.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for i in $(seq 1 90); do curl -sf "http://127.0.0.1:$PORT/ping" >/dev/null && break; sleep 1; done
URL="http://127.0.0.1:$PORT"
path_of() { case $1 in floor) echo /bench/floor;; naive) echo /bench/naive;; engine) echo /api/rec/feed;; esac; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "data: $(cat $DATA/DATASET)"
taskset -c 0 java -jar "$JAR" golden --url "$URL" --requests 300 --users 6040
echo "warm-up: 15 s per variant ..."
for v in floor naive engine; do taskset -c 0 wrk -t1 -c8 -d15s -s bench/feed-mix.lua "$URL$(path_of $v)" >/dev/null; done

declare -A RPS
printf "%-6s %-4s %-6s %10s %9s %9s %9s %6s\n" conc rnd variant "req/s" "p50 ms" "p99 ms" "p99.9 ms" errors
for c in $CONCS; do
  for r in $(seq 1 "$ROUNDS"); do
    for v in floor naive engine; do
      line=$(taskset -c 0 wrk -t1 -c"$c" -d"${SECS}s" -s bench/feed-mix.lua "$URL$(path_of $v)" | grep '^RESULT')
      rps=$(sed 's/.*rps=\([^ ]*\).*/\1/' <<<"$line"); p50=$(sed 's/.*p50=\([^ ]*\).*/\1/' <<<"$line")
      p99=$(sed 's/.*p99=\([^ ]*\).*/\1/' <<<"$line"); p999=$(sed 's/.*p999=\([^ ]*\).*/\1/' <<<"$line")
      err=$(sed 's/.*errors=\([^ ]*\).*/\1/' <<<"$line")
      printf "%-6s %-4s %-6s %10s %9s %9s %9s %6s\n" "$c" "$r" "$v" "$rps" "$p50" "$p99" "$p999" "$err"
      RPS[$c,$r,$v]=$rps
    done
  done
  pairs=$(for r in $(seq 1 "$ROUNDS"); do echo "${RPS[$c,$r,engine]} ${RPS[$c,$r,floor]} ${RPS[$c,$r,naive]}"; done)
  median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
  rf=$(awk '{printf "%.4f\n", 100*$1/$2}' <<<"$pairs" | median)
  rn=$(awk '{printf "%.3f\n", $1/$3}' <<<"$pairs" | median)
  ratios="engine/floor ${rf} %  engine/naive ${rn}x"
  echo "concurrency $c, medians over rounds: $ratios"
done
