#!/usr/bin/env bash
# Item features for 1,000 items: hologres feature DAO (cold and cache-warm) vs one hand-written JDBC
# query, against a PostgreSQL started from Maven artifacts. Usage: bench/hologres-features.sh [warmup] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile -pl plugins/hologres
cd plugins/hologres
exec java -Xms256m -Xmx256m -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  io.recengine.plugin.hologres.HologresFeatureBench "$@"
