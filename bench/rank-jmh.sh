#!/bin/sh
# JMH figures of the ranking work (docs/benchmarks.md): embedded LR/FM per 1,000 candidates, EasyRec
# PBRequest encode + PBResponse decode per 100-item batch, and a reference kernel in the same run.
# Usage: bench/rank-jmh.sh [extra JMH options]   (from the repository root; 2 cores: one fork)
#   RUN="-wi 1 -i 2" bench/rank-jmh.sh    shorter warm-up/measurement than the default below
set -eu
cd "$(dirname "$0")/.."
# reactor build (-am): plugin-api and engine-core resolve to their target/ dirs; nothing is installed into ~/.m2
mvn -B -o -q -pl plugins/easyrec -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
CP="plugins/easyrec/target/test-classes:plugins/easyrec/target/classes:$(cat plugins/easyrec/target/bench.cp)"
exec java -Xmx1g -cp "$CP" org.openjdk.jmh.Main -f1 ${RUN:--wi 3 -i 5 -w 2s -r 2s} "$@" 'io.recengine.plugin.easyrec.bench.RankBench'
