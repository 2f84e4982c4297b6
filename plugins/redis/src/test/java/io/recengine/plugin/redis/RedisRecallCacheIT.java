package io.recengine.plugin.redis;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.RecallCache;
import io.recengine.testkit.TestPluginContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code redis} recall cache adapter against a private {@code redis-server} with a password. */
class RedisRecallCacheIT {

    private static final String PASSWORD = "Cache-Pw-3391";

    @TempDir
    static Path dir;
    private static Process server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        port = freePort();
        server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--requirepass", PASSWORD)
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        for (int i = 0; ; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException notYet) {
                assertThat(i).as("redis-server listening").isLessThan(200);
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.destroy();
            server.waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static RecallCache cache(Map<String, ?> config) {
        return new RedisRecallCache.Factory().create(ComponentConfig.of("RecallConfs.r.CacheConfig", config),
                TestPluginContext.defaults());
    }

    /**
     * PAI-Rec's {@code TestRedisInit} and {@code TestRedisPut} (persist/cache/redis_test.go): the adapter is
     * built from its {@code CacheConfig} keys ({@code host}, {@code port}, {@code maxIdle}, {@code password}),
     * and a value put for 10 s is read back.
     */
    @Test
    void testRedisInitAndPut() {
        try (RecallCache cache = cache(Map.of("host", "127.0.0.1", "port", port, "maxIdle", 3, "password", PASSWORD))) {
            assertThat(cache).isNotNull();
            cache.put("foo", "bar", Duration.ofSeconds(10));
            assertThat(cache.get("foo")).isEqualTo("bar");
            assertThat(cache.get("missing")).isNull();
            assertThat(cache.inProcess()).isFalse();
        }
    }

    @Test
    void aWrongPasswordOrADeadServerThrowsWithoutThePassword() {
        try (RecallCache wrong = cache(Map.of("host", "127.0.0.1", "port", port, "password", "not-" + PASSWORD))) {
            assertThatThrownBy(() -> wrong.get("foo")).isInstanceOf(ComponentException.class)
                    .hasMessageNotContaining(PASSWORD);
        }
        try (RecallCache dead = cache(Map.of("host", "127.0.0.1", "port", 1, "password", PASSWORD))) {
            assertThatThrownBy(() -> dead.put("foo", "bar", Duration.ofSeconds(1)))
                    .isInstanceOf(ComponentException.class).hasMessageNotContaining(PASSWORD);
        }
    }

    @Test
    void theConfigNeedsAHostOrARedisName() {
        RedisRecallCache.Factory f = new RedisRecallCache.Factory();
        assertThat(f.check(ComponentConfig.of("RecallConfs.r.CacheConfig", Map.of("port", 6379))))
                .extracting(ConfigException::getMessage).singleElement().asString().contains("host");
        assertThat(f.check(ComponentConfig.of("RecallConfs.r.CacheConfig", Map.of("RedisName", "r")))).isEmpty();
        assertThat(f.secretKeys()).contains("Password");
    }
}
