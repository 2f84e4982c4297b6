package io.recengine.testkit;

import io.recengine.spi.ConfigException;
import io.recengine.spi.PluginContext;
import io.recengine.spi.PluginMetrics;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestPluginContextTest {

    @Test
    void servesWhatWasRegisteredAndRefusesTheRestAsTheEngineDoes() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);
        try {
            PluginContext ctx = TestPluginContext.builder()
                    .datasource("HologresConfs", "holo", "a datasource")
                    .datasourceConfig("BEConfs", "be", Map.of("Username", "aime"))
                    .service(CharSequence.class, "a service")
                    .executor(pool).clock(clock).baseDir(Path.of("/cfg")).engineVersion("9.9")
                    .build();
            assertThat(ctx.datasource("HologresConfs", "holo", String.class)).isEqualTo("a datasource");
            assertThatThrownBy(() -> ctx.datasource("HologresConfs", "nope", String.class))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("nope").hasMessageContaining("[holo]");
            assertThatThrownBy(() -> ctx.datasource("HologresConfs", "holo", Integer.class))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("java.lang.Integer");
            assertThat(ctx.datasourceConfig("BEConfs", "be").orElseThrow().string("username")).isEqualTo("aime");
            assertThat(ctx.datasourceConfig("BEConfs", "other")).isEmpty();
            assertThat(ctx.datasourceConfig("beconfs", "be")).isPresent();
            assertThat(ctx.service(CharSequence.class)).contains("a service");
            assertThat(ctx.service(Runnable.class)).isEmpty();
            assertThat(ctx.executor()).isSameAs(pool);
            assertThat(ctx.clock()).isSameAs(clock);
            assertThat(ctx.engineVersion()).isEqualTo("9.9");
            assertThat(ctx.resolvePath("data/x.csv")).isEqualTo(Path.of("/cfg/data/x.csv").toAbsolutePath());
            assertThat(ctx.resolvePath("/abs/y")).isEqualTo(Path.of("/abs/y"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void defaultsNeedNothing() {
        PluginContext ctx = TestPluginContext.defaults();
        assertThat(ctx.executor()).isSameAs(ForkJoinPool.commonPool());
        assertThat(ctx.metrics()).isSameAs(PluginMetrics.NOOP);
        assertThat(ctx.engineVersion()).isEqualTo("test");
        assertThat(ctx.resolvePath("x")).isEqualTo(Path.of("x").toAbsolutePath());
        assertThat(ctx.datasourceConfig("AnyConfs", "a")).isEmpty();
    }
}
