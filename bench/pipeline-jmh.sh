#!/bin/sh
# JMH figure of the per-candidate path (docs/benchmarks.md): recall merge -> UniqueFilter -> detail features
# -> FM -> sorts over 1,000 candidates with the engine's components, beside a reference kernel doing the
# same arithmetic on primitive arrays, in the same run, with allocation per operation (-prof gc).
# Usage: bench/pipeline-jmh.sh [extra JMH options]   (from anywhere; see bench/jmh.sh for RUN and HEAP)
#   RUN="-wi 1 -i 2" bench/pipeline-jmh.sh    shorter warm-up/measurement than the default
set -eu
exec "$(dirname "$0")/jmh.sh" engine-core engine-core/src/test/java/io/recengine/core/bench/PipelineBench.java -prof gc "$@"
