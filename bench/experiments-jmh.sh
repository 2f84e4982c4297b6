#!/bin/sh
# JMH figure of A/B experiment matching per feed request (docs/benchmarks.md), beside one A/B hash.
# Usage: [JMH_OPTS="-wi 1 -i 2 -w 1s -r 1s"] bench/experiments-jmh.sh [other JMH options, e.g. -prof gc]
#   (from anywhere; JMH_OPTS replaces the iteration options; see bench/jmh.sh)
set -eu
RUN=${JMH_OPTS:-${RUN:-}} HEAP=512m exec "$(dirname "$0")/jmh.sh" engine-core \
    engine-core/src/test/java/io/recengine/core/experiment/ExperimentMatchBench.java "$@"
