#!/usr/bin/env bash
# Fleet replication (MatchEngineConf.Replication over Kafka): sustained /sendmsg writes/s and ack latency
# of one engine without replication, then of three replicas behind round robin, and the
# write-to-visible-on-all-replicas latency (write to one, poll /be on all three until each returns it).
# One machine: the single-node KRaft broker (kafka_2.13 from ~/.m2, the jars the Kafka plugin's tests use),
# the engines and the load share its cores, so the figures are a floor, not a fleet's capacity.
#   bench/fleet-bench.sh [seconds] [clients] [visibility-writes]      default 20 16 300
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-20}; CLIENTS=${2:-16}; VIS=${3:-300}
BASEPORT=${BASEPORT:-18090}; KPORT=${KPORT:-19192}; CPORT=${CPORT:-19193}
JAR=engine-server/target/engine-server.jar
[ -f "$JAR" ] && [ -d engine-server/target/plugins/kafka ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/recengine-fleet-bench.XXXXXX")
PIDS=()
# engines first (they close their Kafka clients and write a last snapshot), then the broker; `wait` returns the
# killed process's status, so no errexit here
cleanup() {
  set +e
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill "${PIDS[i]}" 2>/dev/null; wait "${PIDS[i]}" 2>/dev/null; done
  [ -z "${KRAFT_PID:-}" ] || { kill "$KRAFT_PID" 2>/dev/null; wait "$KRAFT_PID" 2>/dev/null; }
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

# --- Kafka broker (KRaft, combined broker+controller); the topic is created on first use with 3 partitions ---
. bench/kraft-broker.sh
kraft_broker_start "$WORK" "$KPORT" "$CPORT" 3

# --- engines: one without replication, three replicas ---
config() { # replication-json
  cat <<JSON
{
  "KafkaConfs": {"fleet": {"BootstrapServers": "127.0.0.1:$KPORT", "Topic": "match_updates"}},
  "MatchEngineConf": {"Tables": [{"Name": "i2i", "Kind": "x2i"}]$1},
  "SceneConfs": {"home": {"default": {"RecallNames": ["ContextItemRecall"]}}}
}
JSON
}
start() { # name port config
  java -Xms256m -Xmx256m -jar "$JAR" --config "$3" --port "$2" > "$WORK/$1.log" 2>&1 &
  PIDS+=($!)
}
config "" > "$WORK/single.json"
start single $BASEPORT "$WORK/single.json"
URLS=""
for r in 1 2 3; do
  mkdir -p "$WORK/r$r"
  config ", \"Replication\": {\"KafkaName\": \"fleet\", \"SnapshotDir\": \"snapshots\", \"SnapshotIntervalSeconds\": 60}" > "$WORK/r$r/engine.json"
  start "r$r" $((BASEPORT + r)) "$WORK/r$r/engine.json"
  URLS="${URLS:+$URLS,}http://127.0.0.1:$((BASEPORT + r))"
done
for p in $BASEPORT $((BASEPORT + 1)) $((BASEPORT + 2)) $((BASEPORT + 3)); do
  for i in $(seq 1 120); do curl -sf "http://127.0.0.1:$p/health" >/dev/null && break; sleep 1; done
  echo "port $p ready after ${i}s"
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
echo "single process, no replication:"
echo "  $(java bench/FleetBench.java writes "http://127.0.0.1:$BASEPORT" "$SECS" "$CLIENTS")"
echo "  $(java bench/FleetBench.java writes "http://127.0.0.1:$BASEPORT" "$SECS" 1)"
echo "one replica of the three, writes to it only:"
echo "  $(java bench/FleetBench.java writes "http://127.0.0.1:$((BASEPORT + 1))" "$SECS" 1)"
echo "  $(java bench/FleetBench.java writes "http://127.0.0.1:$((BASEPORT + 1))" "$SECS" "$CLIENTS")"
echo "three replicas over Kafka (acks=all), writes round robin:"
echo "  $(java bench/FleetBench.java writes "$URLS" "$SECS" "$CLIENTS")"
echo "  $(java bench/FleetBench.java visible "$URLS" "$VIS")"
for r in 1 2 3; do
  echo "  replica $r: $(curl -s "http://127.0.0.1:$((BASEPORT + r))/metrics" | grep '^recengine_match_replication_messages_total' | tr '\n' ' ')"
done
