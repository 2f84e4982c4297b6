#!/usr/bin/env bash
# FallbackConfig under load: the packaged server with the scene of SceneStagesIT
# (engine-server/src/test/resources/stages) set to a fallback Timeout of 100 ms, whose recall sleeps
# 400 ms when the request's feature "slow" is true. wrk posts slow requests and then fast ones; for the
# slow run every answer must be the fallback list within Timeout + 10 ms (wrk's max latency), and
# pairec_fallback_total must grow by the number of requests. The test plugin (recall "Sleeping", ranker
# "Table") is packed from the test classes into its own plugin folder, as SceneStagesIT does.
#   bench/fallback-load.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-15}; CONNS=${2:-4}
PORT=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
JAR=engine-server/target/engine-server.jar
CLASSES=engine-server/target/test-classes
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
if [ ! -f "$JAR" ] || [ ! -f "$CLASSES/io/recengine/server/SleepingRecallTestPlugin.class" ]; then
  mvn -B -q -pl engine-server -am package -DskipTests
fi
WORK=$(mktemp -d)
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
PID=
# the plugin folder: the test plugin's classes and its services file
mkdir -p "$WORK/plugins/stages-test" "$WORK/svc/META-INF/services"
echo io.recengine.server.SleepingRecallTestPlugin > "$WORK/svc/META-INF/services/io.recengine.spi.Plugin"
(cd "$CLASSES" && jar cf "$WORK/plugins/stages-test/stages-test.jar" io/recengine/server/SleepingRecallTestPlugin*.class)
jar uf "$WORK/plugins/stages-test/stages-test.jar" -C "$WORK/svc" META-INF
# the IT's scene, with room for the late pipelines: each slow request holds a recall thread for 400 ms
cp engine-server/src/test/resources/stages/fallback.jsonl "$WORK/"
python3 - engine-server/src/test/resources/stages/recconf.json "$WORK/recconf.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["EngineConf"].update({"RecallThreads": 256, "RecallQueueSize": 4096})
for r in c["RecallConfs"]:
    r["MaxConcurrency"] = 256
    if r["Name"] == "main":
        r["SleepMs"] = 400  # the IT's 3000 ms gives a slow build machine room; here: 4 x the Timeout
c["SceneConfs"]["home"]["default"]["FallbackConfig"]["Timeout"] = 100
c["FilterNames"] = {"home": []}  # no exposure filter: every request sees the same candidates
json.dump(c, open(sys.argv[2], "w"), indent=1)
PY
TIMEOUT=$(python3 -c "import json;print(json.load(open('$WORK/recconf.json'))['SceneConfs']['home']['default']['FallbackConfig']['Timeout'])")
java -Xms256m -Xmx512m -jar "$JAR" --config "$WORK/recconf.json" --port "$PORT" --plugins-dir "$WORK/plugins" \
  > "$WORK/server.log" 2>&1 &
PID=$!
BASE="http://127.0.0.1:$PORT"
for i in $(seq 1 60); do kill -0 "$PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }; curl -sf "$BASE/ping" >/dev/null && break; sleep 1; done
fallbacks() { curl -sf "$BASE/metrics" | awk '/^pairec_fallback_total\{scene="home"\}/ {print $2}' | head -1; }
lua() { # slow true|false
  cat > "$WORK/$1.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"uid":"u1","scene_id":"home","size":4,"features":{"slow":$1}}'
LUA
}
lua true; lua false
curl -sf -X POST -H 'Content-Type: application/json' -d '{"uid":"u1","scene_id":"home","size":4,"features":{"slow":true}}' \
  "$BASE/api/rec/feed" | grep -q '"retrieve_id":"Fallback"' || { echo "no fallback answer" >&2; cat "$WORK/server.log" >&2; exit 1; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
echo "fallback Timeout ${TIMEOUT} ms; recall sleeps 400 ms on slow requests; ${CONNS} connections, ${SECS} s per run"
echo "warm-up ..."
wrk -t1 -c"$CONNS" -d5s -s "$WORK/false.lua" "$BASE/api/rec/feed" >/dev/null
wrk -t1 -c"$CONNS" -d5s -s "$WORK/true.lua" "$BASE/api/rec/feed" >/dev/null
run() { # name lua
  local before after out
  before=$(fallbacks)
  out=$(wrk -t1 -c"$CONNS" -d"${SECS}s" --latency -s "$WORK/$2.lua" "$BASE/api/rec/feed")
  after=$(fallbacks)
  echo "$1: $(echo "$out" | awk '/requests in/ {print $1}') requests, $(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s," \
    "p50 $(echo "$out" | awk '$1=="50%" {print $2}') p99 $(echo "$out" | awk '$1=="99%" {print $2}')" \
    "max $(echo "$out" | awk '$1=="Latency" {print $4}'), non-2xx $(echo "$out" | awk '/Non-2xx/ {print $5}'; true)," \
    "pairec_fallback_total +$(python3 -c "print(int(float('$after') - float('$before')))")"
}
run "slow (fallback)" true
run "fast (in time) " false
