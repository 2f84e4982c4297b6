package io.recengine.core.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.spi.ComponentConfig;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void controlCharactersInValuesGiveJsonThatParsesBackAndSecretsAreMasked() throws Exception {
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("password", "p@ss\"word");
        db.put("Host", "h\u0001ost");
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("Name", "tab\there");
        raw.put("Bell", "a\u0007b\\c\nd\r\u001f\u2028");
        raw.put("Servers", Arrays.asList(db, null, 3, 2.5, true));
        raw.put("DSN", "postgres://u:secret@h/db");
        raw.put("Empty", null);
        ComponentConfig config = ComponentConfig.of("HologresConfs.h1", raw);

        String json = ConfigJson.write(config, Set.of("Password", "dsn", "Empty"));

        assertThat(json).doesNotContain("p@ss").doesNotContain("secret").doesNotContain("\t").doesNotContain("\u0001");
        Map<String, Object> expectedDb = new LinkedHashMap<>(db);
        expectedDb.put("password", "****");
        Map<String, Object> expected = new LinkedHashMap<>(raw);
        expected.put("Servers", Arrays.asList(expectedDb, null, 3, 2.5, true));
        expected.put("DSN", "****");
        assertThat(JSON.readValue(json, Map.class)).isEqualTo(expected);
        // key order as in the config
        assertThat(JSON.readTree(json).fieldNames()).toIterable()
                .containsExactly("Name", "Bell", "Servers", "DSN", "Empty");
    }

    @Test
    void toStringNamesThePathAndKeysButNoValue() {
        ComponentConfig config = ComponentConfig.of("RecallConfs[0]", Map.of("Password", "hunter2"));
        assertThat(config.toString()).contains("RecallConfs[0]").contains("Password").doesNotContain("hunter2");
        assertThat(config.masked(Set.of()).get("Password")).isEqualTo("hunter2");
        assertThat(ConfigJson.write(config, Set.of())).isEqualTo("{\"Password\":\"hunter2\"}");
        assertThat(List.of(ConfigJson.write(ComponentConfig.empty("x"), Set.of("a")))).containsExactly("{}");
    }
}
