package io.recengine.plugin.hologres;

import io.recengine.core.expr.Conditions;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.FilterConditions;
import io.recengine.spi.PluginContext;
import io.recengine.spi.PluginMetrics;
import io.recengine.testkit.TestPluginContext;

import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/** Tables in exactly PAI-Rec's formats, the data the tests assert against, and a test plugin context. */
final class Fixtures {

    private Fixtures() {
    }

    static void createTables(EmbeddedPg pg) throws SQLException {
        pg.execute(
                // feature tables
                "CREATE TABLE user_features (user_id text PRIMARY KEY, age int4, gender text, score float8, "
                        + "clicks int8, vip bool, tags text[], city text)",
                "CREATE TABLE item_features (item_id text PRIMARY KEY, category text, price float8, sales int8, title text)",
                "CREATE TABLE user_behavior (user_id text, item_id text, event text, play_time float8, timestamp int8)",
                "CREATE TABLE user_behavior_offline (user_id text, item_id text, event text, play_time float8, timestamp int8)",
                // recall tables
                "CREATE TABLE user_custom (user_id text, item_ids text)",
                "CREATE TABLE u2i (user_id text, item_ids text)",
                "CREATE TABLE i2i (item_id text, similar_item_ids text)",
                "CREATE TABLE item_cf (item_id text, item_ids text)",
                "CREATE TABLE global_hot (trigger_id text, item_ids text)",
                "CREATE TABLE hot_scores (item_id text, score float8)",
                "CREATE TABLE user_embedding (user_id text, embedding float4[])",
                "CREATE TABLE item_embedding (item_id text, embedding float4[], create_time int8)",
                // exposure history, as PAI-Rec's DDL without the Hologres table properties
                "CREATE TABLE exposure_history (uid text NOT NULL, item text NOT NULL, create_time int4 NOT NULL)",
                // the v2 table: a serial id the newest rows are picked by
                "CREATE TABLE exposure_history_v2 (serial_id serial, uid text NOT NULL, item text NOT NULL, "
                        + "create_time integer NOT NULL)");
    }

    static void insertRecallData(EmbeddedPg pg) throws SQLException {
        pg.execute(
                "INSERT INTO user_custom VALUES ('u1', 'c1,c2:my_rid,c3:other:0.7,,c4::0.2')",
                // u1 triggers i1 (weight 1) and i2 (weight 0.25); u3 triggers i1 only
                "INSERT INTO u2i VALUES ('u1', 'i1:1,i2:0.25'), ('u3', 'i1')",
                "INSERT INTO i2i VALUES ('i1', 'a:0.9,b:0.5'), ('i2', 'b:0.8,c:0.4,null:1,bad')",
                "INSERT INTO item_cf VALUES ('x1', 's1:0.9,s2:0.8,s3'), ('x2', 's4')",
                "INSERT INTO global_hot VALUES ('-1', 'h1:hot:3,h2:hot:5,h3:hot:1'), ('7', 'nope')",
                "INSERT INTO hot_scores VALUES ('k1', 1), ('k2', 9), ('k3', 5)",
                "INSERT INTO user_embedding VALUES ('u1', '{1,0,0}'), ('u3', '{0,0,1}')",
                "INSERT INTO item_embedding VALUES ('v1', '{0.9,0,0}', 100), ('v2', '{0.5,0.5,0}', 100), "
                        + "('v3', '{0.1,0.9,0}', 100), ('v4', '{0,0,1}', 0)");
    }

    /** Item feature rows for ids {@code item0..item<n-1>}, plus the recall items. */
    static void insertItemFeatures(EmbeddedPg pg, int n) throws SQLException {
        pg.execute("INSERT INTO item_features SELECT 'item' || g, 'cat' || (g % 7), g * 1.5, g * 10, NULL "
                        + "FROM generate_series(0, " + (n - 1) + ") g",
                "INSERT INTO item_features VALUES ('a', 'sports', 1.5, 3, 'A'), ('b', 'news', 2.5, NULL, NULL), "
                        + "('c', 'music', 3.5, 5, 'C'), ('v1', 'vec', 1, 1, 'V1'), ('v2', 'vec', 2, 2, 'V2'), "
                        + "('v3', 'vec', 3, 3, 'V3'), ('v4', 'vec', 4, 4, 'V4'), ('z1', 'ctx', 9, 9, 'Z1')");
    }

    /** A plugin context serving the given datasources. */
    static PluginContext context(Map<String, HologresDatasource> datasources, ExecutorService executor, Clock clock) {
        // the engine's condition reading, as the engine offers it to plugins
        TestPluginContext.Builder b = TestPluginContext.builder().executor(executor).clock(clock)
                .service(FilterConditions.class, Conditions.SERVICE);
        datasources.forEach((name, ds) -> b.datasource("HologresConfs", name, ds));
        return b.build();
    }

    static HologresDatasource datasource(EmbeddedPg pg, String name) {
        Map<String, Object> conf = new HashMap<>();
        conf.put("DSN", pg.dsn());
        conf.put("MaxOpenConns", 8);
        conf.put("MaxIdleConns", 1);
        conf.put("QueryTimeout", 5000);
        return new HologresDatasource(name, ComponentConfig.of("HologresConfs." + name, conf), PluginMetrics.NOOP, k -> null);
    }
}
