#!/usr/bin/env bash
# AIME API load run on the sample config (config-samples/aime.json): /be x2i and /be vector (the seed's
# two read examples) beside /ping, same server, same run; then /sendmsg adds per second while /be vector
# queries run. Server pinned to CPU 1, wrk to CPU 0; warm-up, then interleaved rounds.
#   bench/aime-wrk.sh [rounds] [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}; SECS=${2:-10}; CONNS=${3:-32}
PORT=${PORT:-18081}
JAR=engine-server/target/engine-server.jar
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
[ -f "$JAR" ] || mvn -B -q -DskipTests install
AUTH="Authorization: Basic $(printf 'aime:change-me' | base64)"
VEC="-0.5430353283882141,-0.0292476424574852,-0.3608616292476654,-0.35043397545814514,-0.23355364799499512,-0.24787241220474243,0.27063214778900146,-0.40489235520362854,0.3900103271007538,0.54123854637146,-0.006652768235653639,0.26998400688171387,-0.08973824232816696,0.5796284079551697,0.1965138018131256,0.6804714798927307,-0.3605094254016876,-0.12562842667102814,0.543321430683136,0.4717116057872772,-0.30192506313323975,0.2214985191822052,0.1516236513853073,0.21026527881622314,-0.6978874206542969,-0.11705683171749115,0.2574385106563568,-0.3885158896446228,-0.4346419870853424,0.1547151654958725"
BASE="http://127.0.0.1:$PORT"
X2I="$BASE/be?biz_name=searcher&p=test_x2i_biz&s=test_x2i_biz&return_count=10&outfmt=json2&trigger_list=trigger_key:1,trigger_key2:1.5"
VECTOR="$BASE/be?biz_name=searcher&p=test_vec_biz&s=test_vec_biz&return_count=10&outfmt=json2&trigger_list=$VEC"
taskset -c 1 java -Xms512m -Xmx512m -jar "$JAR" --config config-samples/aime.json --port "$PORT" > /tmp/recengine-aime-bench.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for i in $(seq 1 60); do curl -sf "$BASE/ping" >/dev/null && break; sleep 1; done
curl -sf -H "$AUTH" "$X2I" | grep -q '"errorCode":0' || { echo "x2i read failed" >&2; exit 1; }
curl -sf -H "$AUTH" "$VECTOR" | grep -q '"errorCode":0' || { echo "vector read failed" >&2; exit 1; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
run() { # name url [wrk args...]
  local name=$1 url=$2; shift 2
  local out; out=$(taskset -c 0 wrk -t1 -c"$CONNS" -d"${SECS}s" --latency -H "$AUTH" "$@" "$url")
  echo "$name: $(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s p50 $(echo "$out" | awk '$1=="50%" {print $2}') p99 $(echo "$out" | awk '$1=="99%" {print $2}') non-2xx $(echo "$out" | awk '/Non-2xx/ {print $5}')"
}
echo "warm-up ..."
for u in "$BASE/ping" "$X2I" "$VECTOR"; do taskset -c 0 wrk -t1 -c"$CONNS" -d5s -H "$AUTH" "$u" >/dev/null; done
for r in $(seq 1 "$ROUNDS"); do
  run "round $r ping" "$BASE/ping"
  run "round $r be-x2i" "$X2I"
  run "round $r be-vector" "$VECTOR"
done
echo "updates while querying: /be vector (${CONNS} conns) and /sendmsg add (8 conns) at the same time"
taskset -c 0 wrk -t1 -c"$CONNS" -d"${SECS}s" -H "$AUTH" "$VECTOR" > /tmp/aime-wrk-read.txt &
RP=$!
taskset -c 0 wrk -t1 -c8 -d"${SECS}s" --latency -H "$AUTH" -s bench/aime-sendmsg.lua "$BASE" > /tmp/aime-wrk-write.txt
wait $RP
echo "  /be vector: $(awk '/Requests\/sec/ {print $2}' /tmp/aime-wrk-read.txt) req/s, non-2xx $(awk '/Non-2xx/ {print $5}' /tmp/aime-wrk-read.txt)"
echo "  /sendmsg add: $(awk '/Requests\/sec/ {print $2}' /tmp/aime-wrk-write.txt) updates/s p50 $(awk '$1=="50%" {print $2}' /tmp/aime-wrk-write.txt) p99 $(awk '$1=="99%" {print $2}' /tmp/aime-wrk-write.txt), non-2xx $(awk '/Non-2xx/ {print $5}' /tmp/aime-wrk-write.txt)"
