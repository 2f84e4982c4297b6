package io.recengine.plugin.mysql;

import io.recengine.spi.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Go MySQL driver DSN PAI-Rec's MysqlConfs hold. */
class MysqlDsnTest {

    @Test
    void readsUserPasswordAddressDatabaseAndParams() {
        MysqlDsn d = MysqlDsn.parse("MysqlConfs.m", "rec:p@ss:w0rd@tcp(db.local:3307)/recommend?charset=utf8mb4&timeout=3s");
        assertThat(d.user()).isEqualTo("rec");
        assertThat(d.password()).isEqualTo("p@ss:w0rd");
        assertThat(d.host()).isEqualTo("db.local");
        assertThat(d.port()).isEqualTo(3307);
        assertThat(d.database()).isEqualTo("recommend");
        assertThat(d.params()).isEqualTo(Map.of("charset", "utf8mb4", "timeout", "3s"));
        assertThat(d.toString()).isEqualTo("rec:****@tcp(db.local:3307)/recommend").doesNotContain("w0rd");
    }

    @Test
    void defaultsToLocalhost3306() {
        MysqlDsn d = MysqlDsn.parse("MysqlConfs.m", "root@/db");
        assertThat(d.host()).isEqualTo("127.0.0.1");
        assertThat(d.port()).isEqualTo(3306);
        assertThat(d.password()).isEmpty();
    }

    @Test
    void refusesOtherNetworksAndMissingDatabaseSeparator() {
        assertThatThrownBy(() -> MysqlDsn.parse("MysqlConfs.m", "u:p@unix(/run/mysqld/mysqld.sock)/db"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("only tcp").hasMessageNotContaining(":p@");
        assertThatThrownBy(() -> MysqlDsn.parse("MysqlConfs.m", "nothing"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MysqlConfs.m, key DSN");
    }
}
