package io.recengine.plugin.redis;

import io.recengine.spi.ComponentConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The value formats of PAI-Rec's Redis feature DAO, and the RedisConfs reading. */
class RedisValuesTest {

    @Test
    void userCsvKeepsTextAndSplitsAtTheFirstColon() {
        assertThat(RedisValues.csv("age:31,url:http://x,bad,:empty", ",", false))
                .containsExactly(Map.entry("age", "31"), Map.entry("url", "http://x"));
    }

    @Test
    void itemCsvReadsNumbersAndTakesOnlyTwoPartPairs() {
        assertThat(RedisValues.csv("price:2.5;cat:news;url:http://x;n:1e3;f:2f", ";", true))
                .containsExactly(Map.entry("price", 2.5), Map.entry("cat", "news"), Map.entry("n", 1000.0),
                        Map.entry("f", "2f"));
    }

    @Test
    void jsonNumbersAreDoublesAsGoReadsThem() {
        assertThat(RedisValues.json("{\"a\":1,\"b\":\"x\",\"c\":[1,2]}"))
                .containsEntry("a", 1.0).containsEntry("b", "x").containsKey("c");
        assertThat(RedisValues.json("not json")).isNull();
        assertThat(RedisValues.json("{\"a\":1} trailing")).isNull();
    }

    @Test
    void settingsUsePaiRecDefaultsAndNeverPrintThePassword() {
        RedisSettings s = RedisSettings.of(ComponentConfig.of("RedisConfs.r",
                Map.of("Host", "h", "Password", "pw-secret-1", "ReadTimeout", 300)));
        assertThat(s.port()).isEqualTo(6379);
        assertThat(s.connectTimeoutMs()).isEqualTo(50);
        assertThat(s.socketTimeoutMs()).isEqualTo(300);
        assertThat(s.toString()).doesNotContain("pw-secret-1").contains("password=****");
    }

    @Test
    void settingsProblemsNameTheEntryAndTheKey() {
        assertThat(RedisSettings.check(ComponentConfig.of("RedisConfs.r", Map.of("Port", "x"))))
                .extracting(Throwable::getMessage)
                .containsExactly("RedisConfs.r, key Host: is required",
                        "RedisConfs.r, key Port: want an integer from 1 to 65535, got string \"x\"");
    }
}
