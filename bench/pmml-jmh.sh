#!/bin/sh
# JMH figures of the embedded PMML ranker per 1,000 candidates (docs/benchmarks.md), beside the Local FM
# of bench/rank-jmh.sh on the same candidates: the committed test models (LR, a chained 3-tree ensemble)
# and a generated 100-tree ensemble.
# Usage: bench/pmml-jmh.sh [extra JMH options]   (from the repository root; 2 cores: one fork)
# Builds in the reactor (no install): engine-core and plugin-api come from their target/classes.
set -eu
cd "$(dirname "$0")/.."
mvn -B -o -q -pl plugins/pmml -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
CP="plugins/pmml/target/test-classes:plugins/pmml/target/classes:$(cat plugins/pmml/target/bench.cp)"
exec java -Xmx1g -cp "$CP" org.openjdk.jmh.Main -f1 -wi 3 -i 5 -w 2s -r 2s "$@" 'io.recengine.plugin.pmml.bench.PmmlBench'
