package io.recengine.plugin.hologres;

import io.recengine.spi.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HologresDsnTest {

    @Test
    void libPqUrl() {
        HologresDsn d = HologresDsn.parse("c", "postgres://BASIC%24ak:p%40ss@holo-cn.example.com:80/db_name?sslmode=disable&connect_timeout=3");
        assertThat(d.host()).isEqualTo("holo-cn.example.com");
        assertThat(d.port()).isEqualTo(80);
        assertThat(d.database()).isEqualTo("db_name");
        assertThat(d.user()).isEqualTo("BASIC$ak");
        assertThat(d.password()).isEqualTo("p@ss");
        assertThat(d.params()).isEqualTo(Map.of("sslmode", "disable", "connect_timeout", "3"));
        assertThat(d.toString()).doesNotContain("p@ss").contains("****");
    }

    @Test
    void keyValueForm() {
        HologresDsn d = HologresDsn.parse("c", "host=h port=5433 user=u password=pw dbname=d sslmode=disable");
        assertThat(d.host()).isEqualTo("h");
        assertThat(d.port()).isEqualTo(5433);
        assertThat(d.user()).isEqualTo("u");
        assertThat(d.database()).isEqualTo("d");
        assertThat(d.params()).containsEntry("sslmode", "disable");
    }

    @Test
    void quotedKeyValuePassword() {
        HologresDsn d = HologresDsn.parse("c", "host=h user=u password='a b\\'c' dbname=d");
        assertThat(d.password()).isEqualTo("a b'c");
        assertThat(d.port()).isEqualTo(5432);
    }

    @Test
    void jdbcUrl() {
        HologresDsn d = HologresDsn.parse("c", "jdbc:postgresql://h:81/d?user=u&password=secret&ApplicationName=x");
        assertThat(d.host()).isEqualTo("h");
        assertThat(d.port()).isEqualTo(81);
        assertThat(d.user()).isEqualTo("u");
        assertThat(d.password()).isEqualTo("secret");
        assertThat(d.params()).isEqualTo(Map.of("ApplicationName", "x"));
    }

    @Test
    void errorsNeverEchoTheDsn() {
        assertThatThrownBy(() -> HologresDsn.parse("HologresConfs.x", "")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("DSN");
        assertThatThrownBy(() -> HologresDsn.parse("HologresConfs.x", "postgres://u:topsecret@/db"))
                .isInstanceOf(ConfigException.class).satisfies(e -> assertThat(e.getMessage()).doesNotContain("topsecret"));
        assertThatThrownBy(() -> HologresDsn.parse("HologresConfs.x", "mysql-ish topsecret"))
                .isInstanceOf(ConfigException.class).satisfies(e -> assertThat(e.getMessage()).doesNotContain("topsecret"));
    }
}
