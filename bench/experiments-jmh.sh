#!/bin/sh
# JMH figure of A/B experiment matching per feed request (docs/benchmarks.md), beside one A/B hash.
# Usage: [JMH_OPTS="-wi 1 -i 2 -w 1s -r 1s"] bench/experiments-jmh.sh [other JMH options, e.g. -prof gc]   (from anywhere; builds in the reactor, no install)
set -eu
cd "$(dirname "$0")/.."
mvn -B -o -q -pl engine-core -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/core.cp -Dmdep.includeScope=test
CP="engine-core/target/classes:engine-core/target/test-classes:$(cat engine-core/target/core.cp)"
rm -rf target/jmh-exp target/jmh-exp-src
mkdir -p target/jmh-exp target/jmh-exp-src
javac -proc:only -processor org.openjdk.jmh.generators.BenchmarkProcessor -cp "$CP" -s target/jmh-exp-src \
    -d target/jmh-exp engine-core/src/test/java/io/recengine/core/experiment/ExperimentMatchBench.java
javac -proc:none -cp "$CP:target/jmh-exp" -d target/jmh-exp $(find target/jmh-exp-src -name '*.java')
# Defaults: one fork, 3 warm-up and 5 measured iterations of 2 s; JMH_OPTS replaces the iteration options,
#   e.g. JMH_OPTS="-wi 1 -i 2 -w 1s -r 1s"
exec java -Xmx512m -cp "target/jmh-exp:$CP" org.openjdk.jmh.Main -f1 ${JMH_OPTS:--wi 3 -i 5 -w 2s -r 2s} "$@" ExperimentMatchBench
