#!/bin/sh
# JMH figure of the per-candidate path (docs/benchmarks.md): recall merge -> UniqueFilter -> detail features
# -> FM -> sorts over 1,000 candidates with the engine's components, beside a reference kernel doing the
# same arithmetic on primitive arrays, in the same run, with allocation per operation (-prof gc).
# Builds in the reactor (target/ dirs only; nothing is installed into ~/.m2).
# Usage: bench/pipeline-jmh.sh [extra JMH options]   (from anywhere; 2 cores: one fork)
#   RUN="-wi 1 -i 2" bench/pipeline-jmh.sh    shorter warm-up/measurement than the default below
set -eu
cd "$(dirname "$0")/.."
mvn -B -o -q -pl engine-core -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
CP="engine-core/target/test-classes:engine-core/target/classes:$(cat engine-core/target/bench.cp)"
# the test build does not run JMH's annotation processor: generate the harness into target/ here
OUT=engine-core/target/jmh
rm -rf "$OUT" && mkdir -p "$OUT/src" "$OUT/classes"
javac -proc:only -processor org.openjdk.jmh.generators.BenchmarkProcessor -cp "$CP" -s "$OUT/src" -d "$OUT/classes" \
    engine-core/src/test/java/io/recengine/core/bench/PipelineBench.java
javac -proc:none -cp "$CP" -d "$OUT/classes" $(find "$OUT/src" -name '*.java')
exec java -Xmx1g -cp "$OUT/classes:$CP" org.openjdk.jmh.Main -f1 ${RUN:--wi 3 -i 5 -w 2s -r 2s} -prof gc "$@" \
    'io.recengine.core.bench.PipelineBench'
