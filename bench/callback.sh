#!/usr/bin/env bash
# Callback throughput: POST /api/callback (the seed's curl body) into the file sink and into Kafka, beside
# GET /ping, same server, same run. One engine with two callback scenes: homepage -> file sink,
# homepage_kafka -> kafka sink. The Kafka broker is a real single-node KRaft broker (kafka_2.13 3.9.1
# from ~/.m2, the jars the Kafka plugin's tests use), started here in its own JVM.
# Server pinned to CPU 1; wrk and the broker to CPU 0.
#   bench/callback.sh [rounds] [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}; SECS=${2:-10}; CONNS=${3:-32}
PORT=${PORT:-18081}; KPORT=${KPORT:-19092}; CPORT=${CPORT:-19093}
JAR=engine-server/target/engine-server.jar
WORK=$(mktemp -d -t recengine-callback-bench.XXXXXX)
PID=; KRAFT_PID=
# set before anything is started, so that a failing step under `set -e` never leaves the broker or the
# engine running; the engine stops first: it flushes to the broker
cleanup() {
  [ -z "$PID" ] || { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; }
  [ -z "$KRAFT_PID" ] || { kill "$KRAFT_PID" 2>/dev/null; wait "$KRAFT_PID" 2>/dev/null || true; }
  rm -rf "$WORK"
}
trap cleanup EXIT
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
# package, never install: an install would put this tree's snapshot jars into the shared local repository
[ -f "$JAR" ] || mvn -B -q -pl engine-server -am package -DskipTests

# --- Kafka broker (KRaft, combined broker+controller) ---
. bench/kraft-broker.sh
kraft_broker_start "$WORK" "$KPORT" "$CPORT" 1 0   # the broker on CPU 0, beside wrk

# --- engine ---
cat > "$WORK/config.json" <<JSON
{
  "SceneConfs": {"homepage": {"default": {"RecallNames": ["ContextItemRecall"]}},
                 "homepage_kafka": {"default": {"RecallNames": ["ContextItemRecall"]}}},
  "KafkaConfs": {"bench_kafka": {"BootstrapServers": "127.0.0.1:$KPORT", "Topic": "pairec_callback"}},
  "CallBackConfs": {"homepage": {"DataSource": {"Name": "bench_file", "Type": "file"}},
                    "homepage_kafka": {"DataSource": {"Name": "bench_kafka", "Type": "kafka"}}},
  "FileConfs": {"bench_file": {"Path": "callback", "MaxFileSizeMB": 256, "MaxFiles": 4}}
}
JSON
sed 's/"scene_id":"homepage"/"scene_id":"homepage_kafka"/' bench/callback-seed.lua > "$WORK/callback-kafka.lua"
taskset -c 1 java -Xms512m -Xmx512m -jar "$JAR" --config "$WORK/config.json" --port "$PORT" > "$WORK/server.log" 2>&1 &
PID=$!
for i in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/ping" >/dev/null && break; sleep 1; done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
run() { # target -> wrk output
  case $1 in
    ping) taskset -c 0 wrk -t1 -c"$CONNS" -d"$2" --latency "http://127.0.0.1:$PORT/ping" ;;
    file) taskset -c 0 wrk -t1 -c"$CONNS" -d"$2" --latency -s bench/callback-seed.lua "http://127.0.0.1:$PORT/api/callback" ;;
    kafka) taskset -c 0 wrk -t1 -c"$CONNS" -d"$2" --latency -s "$WORK/callback-kafka.lua" "http://127.0.0.1:$PORT/api/callback" ;;
  esac
}
echo "warm-up ..."
for t in ping file kafka; do run $t 10s >/dev/null; done
for r in $(seq 1 "$ROUNDS"); do
  for t in ping file kafka; do
    out=$(run $t "${SECS}s")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1=="50%" {print $2}')
    p99=$(echo "$out" | awk '$1=="99%" {print $2}')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
    echo "round $r $t: ${rps} req/s p50 ${p50} p99 ${p99} non-2xx ${non2xx:-0}"
  done
done
sleep 3
echo "rows by sink and outcome (from /metrics):"
curl -s "http://127.0.0.1:$PORT/metrics" | grep '^recengine_callback_rows_total' | sed 's/^/  /'
curl -s "http://127.0.0.1:$PORT/metrics" | grep '^recengine_callback_requests_total' | grep rejected | sed 's/^/  /' || true
