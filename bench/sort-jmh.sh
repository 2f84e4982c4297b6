#!/bin/sh
# JMH figures of the diversity sorts (issue 13, docs/benchmarks.md): DPP and SSD on 1,000 candidates x 64
# dimensions selecting 50, beside the reference kernels (full-kernel DPP, SSD recomputing every norm) in
# the same run. Builds in the reactor's target dirs (no install); the test build does not run JMH's
# annotation processor, so the harness is generated here.
# Usage: bench/sort-jmh.sh [extra JMH options]   (from anywhere; 2 cores: one fork)
#        bench/sort-jmh.sh --cpu   the same kernels timed by thread CPU time (for a shared, loaded machine)
set -eu
cd "$(dirname "$0")/.."
mvn -B -o -q -pl engine-core -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/core.cp -Dmdep.includeScope=test
CP="engine-core/target/classes:engine-core/target/test-classes:$(cat engine-core/target/core.cp)"
if [ "${1:-}" = "--cpu" ]; then
    exec java -Xmx1g -cp "$CP" io.recengine.core.builtin.sort.DiversityCpuTime
fi
OUT=engine-core/target/jmh-sort
rm -rf "$OUT" && mkdir -p "$OUT/src" "$OUT/classes"
javac -proc:only -processor org.openjdk.jmh.generators.BenchmarkProcessor -cp "$CP" -s "$OUT/src" \
    -d "$OUT/classes" engine-core/src/test/java/io/recengine/core/builtin/sort/DiversityBench.java
javac -proc:none -cp "$CP" -d "$OUT/classes" $(find "$OUT/src" -name '*.java')
cp -r "$OUT/src/META-INF" "$OUT/classes/" 2>/dev/null || true
exec java -Xmx1g -cp "$OUT/classes:$CP" org.openjdk.jmh.Main -f1 -wi 3 -i 5 -w 2s -r 2s "$@" \
    'io.recengine.core.builtin.sort.DiversityBench'
