#!/usr/bin/env bash
# A/B of two builds on the harness's feed mix: the server of another checkout (before) and this tree's
# (after), both started at once and pinned to CPU 1, wrk pinned to CPU 0, alternating before/after in
# every round so that drift of a noisy machine hits both alike.
#   bench/compare.sh BEFORE_DIR [rounds] [seconds] [concurrencies]
# BEFORE_DIR: a checkout built with `mvn -B -q -DskipTests package`, with its quickstart data generated
# (e.g. `git worktree add ../before <commit>`, then bench/harness.sh there once).
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=$(cd "${1:?usage: bench/compare.sh BEFORE_DIR [rounds] [seconds] [concurrencies]}" && pwd)
ROUNDS=${2:-4}; SECS=${3:-10}; CONCS=${4:-"1 8"}
AFTER=$(pwd)
DATA=config-samples/data/quickstart
jar_of() { if [ -f "$1/tools/target/recengine-tools.jar" ]; then echo tools/target/recengine-tools.jar; else echo engine-server/target/engine-server.jar; fi; }
start() { # dir port
  (cd "$1" && exec taskset -c 1 java -Xms1g -Xmx1g -Drecengine.bench.data="$DATA" -jar "$(jar_of "$1")" \
     --config bench/quickstart-bench.json --port "$2" > "${TMPDIR:-/tmp}/recengine-compare-$2.log" 2>&1) &
}
start "$BEFORE" 18091; P1=$!
start "$AFTER" 18092; P2=$!
trap 'kill $P1 $P2 2>/dev/null; wait 2>/dev/null || true' EXIT
for p in 18091 18092; do for i in $(seq 1 90); do curl -sf "http://127.0.0.1:$p/ping" >/dev/null && break; sleep 1; done; done
for p in 18091 18092; do taskset -c 0 wrk -t1 -c8 -d15s -s bench/feed-mix.lua "http://127.0.0.1:$p/api/rec/feed" >/dev/null; done
for c in $CONCS; do
  for r in $(seq 1 "$ROUNDS"); do
    for p in 18091 18092; do
      line=$(taskset -c 0 wrk -t1 -c"$c" -d"${SECS}s" -s bench/feed-mix.lua "http://127.0.0.1:$p/api/rec/feed" | grep '^RESULT')
      echo "conc $c round $r $([ $p = 18091 ] && echo before || echo after) $line"
    done
  done
done
