#!/bin/sh
# JMH figures of the diversity sorts (issue 13, docs/benchmarks.md): DPP and SSD on 1,000 candidates x 64
# dimensions selecting 50, beside the reference kernels (full-kernel DPP, SSD recomputing every norm) in
# the same run.
# Usage: bench/sort-jmh.sh [extra JMH options]   (from anywhere; see bench/jmh.sh)
#        bench/sort-jmh.sh --cpu   the same kernels timed by thread CPU time (for a shared, loaded machine)
set -eu
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--cpu" ]; then
    mvn -B -o -q -pl engine-core -am test-compile dependency:build-classpath \
        -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
    exec java -Xmx1g -cp "engine-core/target/classes:engine-core/target/test-classes:$(cat engine-core/target/bench.cp)" \
        io.recengine.core.builtin.sort.DiversityCpuTime
fi
exec bench/jmh.sh engine-core engine-core/src/test/java/io/recengine/core/builtin/sort/DiversityBench.java "$@"
