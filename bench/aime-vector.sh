#!/usr/bin/env bash
# Vector search: exact scan vs HNSW (Lucene 9.12, standalone) recall@10 and queries/s, then updates/s
# into a vector table while a thread searches. Pinned to CPU 1.
#   bench/aime-vector.sh [n] [dim] [queries] [ef,ef,...]      default 100000 64 500 20,40,80,160
#   bench/aime-vector.sh 1000000 64 500 40,80                  # by hand: ~15 min HNSW build, 2 GB heap
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}; DIM=${2:-64}; Q=${3:-500}; EFS=${4:-20,40,80,160}
mvn -B -o -q -pl plugin-api,engine-core install -DskipTests
mvn -B -o -q -pl engine-core test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
CP="engine-core/target/test-classes:engine-core/target/classes:$(cat engine-core/target/bench.classpath)"
HEAP=$(( N >= 500000 ? 3 : 1 ))g
taskset -c 1 java -Xms$HEAP -Xmx$HEAP -cp "$CP" io.recengine.core.match.VectorBench "$N" "$DIM" "$Q" "$EFS"
