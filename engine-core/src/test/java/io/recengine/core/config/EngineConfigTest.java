package io.recengine.core.config;

import io.recengine.spi.ConfigException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineConfigTest {

    private static EngineConfig parse(String json) {
        return ConfigLoader.parse(json.getBytes(StandardCharsets.UTF_8), "test.json", Path.of("."));
    }

    @Test
    void keysMatchCaseInsensitivelyButMapKeysStayExact() {
        EngineConfig c = parse("""
                {"listenconf":{"httpport":9001},
                 "sceneconfs":{"Home_Feed":{"default":{"recallnames":["a"]}}},
                 "RECALLCONFS":[{"name":"a","recalltype":"MockRecall","UnknownKey":1}],
                 "LogConf":{"RetensionDays":3}}""");
        assertThat(c.httpPort()).isEqualTo(9001);
        assertThat(c.scenes()).containsOnlyKeys("Home_Feed");
        assertThat(c.scenes().get("Home_Feed").get("default").recallNames()).containsExactly("a");
        assertThat(c.recallConfs().get(0).name()).isEqualTo("a");
        assertThat(c.recallConfs().get(0).string("RecallType")).isEqualTo("MockRecall");
        // PAI-Rec's canonical misspelling is the key; matching ignores case only
        assertThat(c.root().child("LogConf").integer("RetensionDays", 0)).isEqualTo(3);
    }

    @Test
    void absentKeysReadAsGoZeroValues() {
        EngineConfig c = parse("{}");
        assertThat(c.httpPort()).isEqualTo(8000);
        assertThat(c.httpAddr()).isEmpty();
        assertThat(c.scenes()).isEmpty();
        assertThat(c.recallConfs()).isEmpty();
        assertThat(c.root().child("ListenConf").bool("Nope", false)).isFalse();
    }

    @Test
    void datasourceMapsAreFoundByTheirConfsSuffix() {
        EngineConfig c = parse("""
                {"HologresConfs":{"holo":{"DSN":"x"}},"KafkaConfs":{"k":{"BootstrapServers":"b"}},
                 "SceneConfs":{},"CallBackConfs":{}}""");
        assertThat(c.datasourceMaps()).containsOnlyKeys("HologresConfs", "KafkaConfs");
        assertThat(c.datasourceMap("hologresconfs")).containsOnlyKeys("holo");
    }

    @Test
    void wrongTypesNameTheComponentAndKey() {
        EngineConfig c = parse("{\"ListenConf\":{\"HttpPort\":\"80\"}}");
        assertThatThrownBy(c::httpPort).isInstanceOf(ConfigException.class)
                .hasMessage("ListenConf, key HttpPort: expected a number, got string \"80\"");
    }

    @Test
    void badJsonNamesTheSourceAndPosition() {
        assertThatThrownBy(() -> parse("{\"a\":1,}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config test.json").hasMessageContaining("invalid JSON at line 1");
    }
}
