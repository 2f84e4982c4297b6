#!/bin/sh
# Runs one JMH benchmark class of a module's tests: builds the module in the reactor (target/ dirs only,
# nothing is installed into ~/.m2), generates JMH's harness for the class (the test build does not run
# JMH's annotation processor) and runs it in one fork (2 cores: a second fork would share them).
# Usage: bench/jmh.sh <module> <benchmark source file> [JMH options, e.g. -prof gc]   (from anywhere)
#   RUN="-wi 1 -i 2" replaces the default iteration options (-wi 3 -i 5 -w 2s -r 2s); HEAP sets -Xmx (1g)
# e.g. bench/jmh.sh engine-core engine-core/src/test/java/io/recengine/core/builtin/sort/TrafficControlSortBench.java -prof gc
set -eu
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: bench/jmh.sh <module> <benchmark source file> [JMH options]" >&2; exit 2; }
MODULE=$1; SRC=$2; shift 2
[ -f "$SRC" ] || { echo "no benchmark source '$SRC'" >&2; exit 2; }
CLASS=$(echo "$SRC" | sed -e 's|.*/src/test/java/||' -e 's|\.java$||' -e 's|/|.|g')
mvn -B -o -q -pl "$MODULE" -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
CP="$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$MODULE/target/bench.cp")"
OUT=$MODULE/target/jmh-$(basename "$SRC" .java)
rm -rf "$OUT" && mkdir -p "$OUT/src" "$OUT/classes"
javac -proc:only -processor org.openjdk.jmh.generators.BenchmarkProcessor -cp "$CP" -s "$OUT/src" -d "$OUT/classes" "$SRC"
javac -proc:none -cp "$CP" -d "$OUT/classes" $(find "$OUT/src" -name '*.java')
exec java -Xmx"${HEAP:-1g}" -cp "$OUT/classes:$CP" org.openjdk.jmh.Main -f1 ${RUN:--wi 3 -i 5 -w 2s -r 2s} "$@" "$CLASS"
