#!/usr/bin/env bash
# Item features for 1,000 items: redis feature DAO (hash and string layouts, cold and cache-warm) vs one
# hand-written HGETALL pipeline and one hand-written MGET, against a private redis-server (Debian package
# redis-server). Usage: bench/redis-features.sh [warmup] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile -pl plugins/redis
cd plugins/redis
exec java -Xms256m -Xmx256m -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  io.recengine.plugin.redis.RedisFeatureBench "$@"
