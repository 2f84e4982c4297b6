package io.recengine.plugin.hologres;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.PluginMetrics;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Every Hologres component against a real PostgreSQL with PAI-Rec's table formats. */
class HologresComponentsIT {

    private static EmbeddedPg pg;
    private static HologresDatasource db;
    private static ExecutorService executor;
    private static PluginContext context;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPg.start();
        Fixtures.createTables(pg);
        Fixtures.insertRecallData(pg);
        Fixtures.insertItemFeatures(pg, 1300);
        long now = System.currentTimeMillis() / 1000;
        pg.execute("INSERT INTO user_features VALUES ('u1', 30, 'm', 0.5, 12345678901, true, '{x,y}', NULL), "
                        + "('u2', 20, 'f', NULL, 1, false, NULL, 'hz')",
                "INSERT INTO user_behavior VALUES ('u1', 'p1', 'click', 0, " + (now - 10) + "), ('u1', 'p2', 'play', 5, "
                        + (now - 20) + "), ('u1', 'p3', 'play', 50, " + (now - 30) + "), ('u1', 'p1', 'click', 0, " + (now - 40)
                        + "), ('u1', 'old', 'click', 0, " + (now - 86400 * 6) + ")",
                "INSERT INTO user_behavior_offline VALUES ('u1', 'q1', 'click', 0, " + (now - 35) + "), ('u1', 'q2', 'click', 0, "
                        + (now - 1000) + ")");
        db = Fixtures.datasource(pg, "holo");
        executor = Executors.newFixedThreadPool(4);
        context = Fixtures.context(Map.of("holo", db), executor, Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        if (db != null) {
            db.close();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static ComponentConfig conf(String path, Map<String, Object> values) {
        return ComponentConfig.of(path, values);
    }

    private static RecContext ctx() {
        return RecContext.builder("r1").sceneId("home").build();
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    // ------------------------------------------------------------ features

    @Test
    void userFeaturesBecomePropertiesAndNullRemovesAProperty() {
        var dao = new HologresFeatureDao(conf("f", map("AdapterType", "hologres", "HologresName", "holo",
                "FeatureStore", "user", "FeatureKey", "user:uid", "UserFeatureKeyName", "user_id",
                "UserSelectFields", "*", "HologresTableName", "user_features")), context);
        User u = new User("u1");
        u.setProperty("city", "stale");
        dao.loadUserFeatures(ctx(), u);
        assertThat(u.property("age")).isEqualTo(30);
        assertThat(u.property("clicks")).isEqualTo(12345678901L);
        assertThat(u.property("score")).isEqualTo(0.5);
        assertThat(u.property("vip")).isEqualTo(true);
        assertThat(u.property("tags")).isEqualTo(List.of("x", "y"));
        assertThat(u.property("gender")).isEqualTo("m");
        assertThat(u.property("city")).as("SQL NULL deletes the property").isNull();

        User missing = new User("nobody");
        dao.loadUserFeatures(ctx(), missing);
        assertThat(missing.properties()).containsOnlyKeys("uid");
    }

    @Test
    void userFeaturesAreCachedWhenCacheSizeIsSet() throws Exception {
        pg.execute("INSERT INTO user_features (user_id, age) VALUES ('cached', 1)");
        var dao = new HologresFeatureDao(conf("f", map("HologresName", "holo", "FeatureStore", "user",
                "FeatureKey", "user:uid", "UserFeatureKeyName", "user_id", "UserSelectFields", "user_id,age",
                "HologresTableName", "user_features", "CacheSize", 100, "CacheTime", 60)), context);
        User first = new User("cached");
        dao.loadUserFeatures(ctx(), first);
        pg.execute("UPDATE user_features SET age = 2 WHERE user_id = 'cached'");
        User second = new User("cached");
        dao.loadUserFeatures(ctx(), second);
        assertThat(first.property("age")).isEqualTo(1);
        assertThat(second.property("age")).as("served from the local cache").isEqualTo(1);
    }

    @Test
    void itemFeaturesLoadInParallelChunksAndSkipNulls() {
        var dao = new HologresFeatureDao(conf("f", map("HologresName", "holo", "FeatureStore", "item",
                "FeatureKey", "item:id", "ItemFeatureKeyName", "item_id", "ItemSelectFields", "category,price,sales,title",
                "HologresTableName", "item_features")), context);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 1300; i++) {
            items.add(new Item("item" + i));
        }
        items.add(new Item("b"));
        items.add(new Item("not-there"));
        dao.loadItemFeatures(ctx(), new User("u"), items);
        for (int i = 0; i < 1300; i++) {
            Item item = items.get(i);
            assertThat(item.property("category")).as(item.id()).isEqualTo("cat" + (i % 7));
            assertThat(item.property("sales")).isEqualTo(i * 10L);
            assertThat(item.property("title")).as("NULL is not set").isNull();
        }
        assertThat(items.get(0).property("item_id")).as("the key column is not a feature").isNull();
        Item b = items.get(1300);
        assertThat(b.properties()).containsEntry("category", "news").containsEntry("price", 2.5).doesNotContainKey("sales");
        assertThat(items.get(1301).properties()).isEmpty();
    }

    @Test
    void itemFeaturesByItemPropertyAndWithTheCacheWarm() throws Exception {
        pg.execute("INSERT INTO item_features (item_id, category) VALUES ('warm', 'w1')");
        var dao = new HologresFeatureDao(conf("f", map("HologresName", "holo", "FeatureStore", "item",
                "FeatureKey", "item:ref", "ItemFeatureKeyName", "item_id", "ItemSelectFields", "item_id,category",
                "HologresTableName", "item_features", "CacheSize", 1000)), context);
        Item x = new Item("x");
        x.setProperty("ref", "warm");
        Item y = new Item("y");
        y.setProperty("ref", "warm");
        Item none = new Item("none");
        none.setProperty("ref", "absent");
        dao.loadItemFeatures(ctx(), new User("u"), List.of(x, y, none));
        assertThat(x.property("category")).isEqualTo("w1");
        assertThat(y.property("category")).isEqualTo("w1");
        pg.execute("UPDATE item_features SET category = 'w2' WHERE item_id = 'warm'",
                "INSERT INTO item_features (item_id, category) VALUES ('absent', 'late')");
        Item again = new Item("again");
        again.setProperty("ref", "warm");
        Item none2 = new Item("none2");
        none2.setProperty("ref", "absent");
        dao.loadItemFeatures(ctx(), new User("u"), List.of(again, none2));
        assertThat(again.property("category")).as("cache hit").isEqualTo("w1");
        assertThat(none2.property("category")).as("negative cache hit").isNull();
    }

    @Test
    void sequenceFeaturesMergeOnlineAndOfflineRows() {
        var dao = new HologresFeatureDao(conf("f", map("HologresName", "holo", "FeatureStore", "user",
                "FeatureType", "sequence_feature", "FeatureKey", "user:uid", "UserFeatureKeyName", "user_id",
                "HologresTableName", "user_behavior", "SequenceOfflineTableName", "user_behavior_offline",
                "SequenceName", "click_seq", "SequenceLength", 10, "SequenceEvent", "click,play",
                "SequencePlayTime", "play:10")), context);
        User u = new User("u1");
        dao.loadUserFeatures(ctx(), u);
        // online (last 5 days, play time > 10 for play): p1@-10, p3@-30, p1@-40 ; offline: q1@-35, q2@-1000
        // online rows newer than the newest offline row are kept (p1@-10, p3@-30), then the offline rows
        assertThat(u.property("click_seq")).isEqualTo("p1;p3;q1;q2");
        assertThat(u.property("click_seq__item_id")).isEqualTo("p1;p3;q1;q2");
        assertThat(u.property("click_seq__event")).isEqualTo("click;play;click;click");
        assertThat(u.property("click_seq__play_time")).isEqualTo("0.00;50.00;0.00;0.00");
        assertThat(((String) u.property("click_seq__ts")).split(";")).hasSize(4);
    }

    @Test
    void aSlowQueryTimesOut() {
        var dao = new HologresFeatureDao(conf("f", map("HologresName", "holo", "FeatureStore", "user",
                "FeatureKey", "user:uid", "UserFeatureKeyName", "user_id", "UserSelectFields", "*",
                "HologresTableName", "(SELECT user_id, pg_sleep(2) AS s FROM user_features) t", "Timeout", 200)), context);
        assertThatThrownBy(() -> dao.loadUserFeatures(ctx(), new User("u1")))
                .isInstanceOfSatisfying(ComponentException.class, e -> assertThat(e.kind()).isEqualTo(ComponentException.Kind.TIMEOUT));
    }

    // ------------------------------------------------------------ recalls

    private static List<String> ids(List<Item> items) {
        return items.stream().map(Item::id).toList();
    }

    @Test
    void userCustomRecallParsesEveryEntryForm() {
        var r = new ListRecall(ListRecall.Kind.USER_CUSTOM, conf("RecallConfs[0]", map("Name", "custom", "RecallCount", 10,
                "DaoConf", map("AdapterType", "hologres", "HologresName", "holo", "HologresTableName", "user_custom"))), context);
        List<Item> items = r.recall(ctx(), new User("u1"));
        assertThat(ids(items)).containsExactly("c1", "c2", "c3", "c4");
        assertThat(items.get(0).retrieveId()).isEqualTo("custom");
        assertThat(items.get(1).retrieveId()).isEqualTo("my_rid");
        assertThat(items.get(2).retrieveId()).isEqualTo("other");
        assertThat(items.get(2).score()).isEqualTo(0.7);
        assertThat(items.get(3).retrieveId()).isEqualTo("custom");
        assertThat(r.recall(ctx(), new User("nobody"))).isEmpty();
        var two = new ListRecall(ListRecall.Kind.USER_CUSTOM, conf("r", map("Name", "custom", "RecallCount", 2,
                "DaoConf", map("HologresName", "holo", "HologresTableName", "user_custom"))), context);
        assertThat(two.recall(ctx(), new User("u1"))).hasSize(2);
    }

    @Test
    void userCollaborativeFilterRecallWeightsSumsAndNormalizes() {
        var r = new UserCfRecall(conf("r", map("Name", "u2i_cf", "RecallCount", 10, "UserCollaborativeDaoConf",
                map("AdapterType", "hologres", "HologresName", "holo", "User2ItemTable", "u2i", "Item2ItemTable", "i2i"))), context);
        List<Item> items = r.recall(ctx(), new User("u1"));
        // a = 0.9*1, b = 0.5*1 + 0.8*0.25 = 0.7, c = 0.4*0.25 = 0.1; normalised by 0.9
        assertThat(ids(items)).containsExactly("a", "b", "c");
        assertThat(items.get(0).score()).isCloseTo(1.0, within(1e-9));
        assertThat(items.get(1).score()).isCloseTo(0.7 / 0.9, within(1e-9));
        assertThat(items.get(2).score()).isCloseTo(0.1 / 0.9, within(1e-9));
        assertThat(items.get(0).retrieveId()).isEqualTo("u2i_cf");

        var raw = new UserCfRecall(conf("r", map("Name", "raw", "RecallCount", 2, "UserCollaborativeDaoConf",
                map("HologresName", "holo", "User2ItemTable", "u2i", "Item2ItemTable", "i2i", "Normalization", "off"))), context);
        List<Item> top2 = raw.recall(ctx(), new User("u1"));
        assertThat(ids(top2)).containsExactly("a", "b");
        assertThat(top2.get(1).score()).isCloseTo(0.7, within(1e-9));
    }

    @Test
    void itemCollaborativeFilterRecallUsesTheRequestItemId() {
        var r = new ListRecall(ListRecall.Kind.ITEM_CF, conf("r", map("Name", "icf", "RecallCount", 10,
                "ItemCollaborativeDaoConf", map("HologresName", "holo", "Item2ItemTable", "item_cf"))), context);
        List<Item> items = r.recall(RecContext.builder("r").itemId("x1").build(), new User("u"));
        assertThat(ids(items)).containsExactly("s1", "s2", "s3");
        assertThat(items.get(0).score()).isEqualTo(0.9);
        assertThat(items.get(0).retrieveId()).isEqualTo("icf");
        assertThat(r.recall(ctx(), new User("u"))).as("no item_id").isEmpty();
        var multi = new ListRecall(ListRecall.Kind.ITEM_CF, conf("r", map("Name", "icf", "RecallCount", 10,
                "EnableMultipleItemId", true, "ItemCollaborativeDaoConf", map("HologresName", "holo", "Item2ItemTable", "item_cf"))), context);
        assertThat(ids(multi.recall(RecContext.builder("r").itemId("x1,x2").build(), new User("u")))).containsExactly("s1", "s2", "s3", "s4");
    }

    @Test
    void userGlobalHotRecallReadsTriggerMinusOneOrIdScoreColumns() {
        var r = new GlobalHotRecall(conf("r", map("Name", "hot", "RecallCount", 2,
                "DaoConf", map("HologresName", "holo", "HologresTableName", "global_hot"))), context);
        List<Item> items = r.recall(ctx(), new User("u"));
        assertThat(ids(items)).containsExactly("h2", "h1");
        assertThat(items.get(0).algoScore("hot_score")).isEqualTo(5.0);
        assertThat(items.get(0).retrieveId()).isEqualTo("hot");
        var cols = new GlobalHotRecall(conf("r", map("Name", "hot", "RecallCount", 2, "DaoConf", map("HologresName", "holo",
                "HologresTableName", "hot_scores", "ItemIdField", "item_id", "ItemScoreField", "score"))), context);
        assertThat(ids(cols.recall(ctx(), new User("u")))).containsExactly("k2", "k3");
    }

    private static Map<String, Object> vectorConf(String name, int count, String where) {
        return map("Name", name, "RecallCount", count,
                "VectorDaoConf", map("AdapterType", "hologres", "HologresName", "holo", "HologresTableName", "user_embedding",
                        "KeyField", "user_id", "EmbeddingField", "embedding"),
                "HologresVectorConf", map("HologresName", "holo", "VectorTable", "item_embedding", "VectorKeyField", "item_id",
                        "VectorEmbeddingField", "embedding", "WhereClause", where, "TimeInterval", 0));
    }

    @Test
    void hologresVectorRecallRanksByInnerProduct() {
        var r = new VectorRecall(VectorRecall.Mode.INNER_PRODUCT, conf("r", vectorConf("vec", 3, "")), context);
        List<Item> items = r.recall(ctx(), new User("u1"));
        assertThat(ids(items)).containsExactly("v1", "v2", "v3");
        assertThat(items.get(0).score()).isCloseTo(0.9, within(1e-6));
        assertThat(items.get(0).retrieveId()).isEqualTo("vec");
        assertThat(r.recall(ctx(), new User("no-embedding"))).isEmpty();
        // ${time} is replaced by now - TimeInterval: every row is older than now
        var timed = new VectorRecall(VectorRecall.Mode.INNER_PRODUCT, conf("r", vectorConf("vec", 3, "create_time > ${time}")), context);
        assertThat(timed.recall(ctx(), new User("u1"))).isEmpty();
        r.close();
        timed.close();
    }

    @Test
    void hologresVectorRecallV2RanksBySquaredEuclideanAscending() {
        var r = new VectorRecall(VectorRecall.Mode.EUCLIDEAN, conf("r", vectorConf("vec2", 2, "create_time > 0")), context);
        List<Item> items = r.recall(ctx(), new User("u1"));
        // distances to {1,0,0}: v1 0.01, v2 0.5, v3 1.62 (v4 excluded by the WHERE clause)
        assertThat(ids(items)).containsExactly("v1", "v2");
        assertThat(items.get(0).score()).isCloseTo(0.01, within(1e-6));
    }

    @Test
    void i2iVectorRecallSearchesWithTheRequestItemsEmbedding() {
        Map<String, Object> c = vectorConf("i2i_vec", 2, "");
        c.put("VectorDaoConf", map("HologresName", "holo", "HologresTableName", "item_embedding", "KeyField", "item_id",
                "EmbeddingField", "embedding"));
        var r = new VectorRecall(VectorRecall.Mode.I2I, conf("r", c), context);
        List<Item> items = r.recall(RecContext.builder("r").itemId("v3").build(), new User("u"));
        // v3 = {0.1,0.9,0}: v3 0.82, v2 0.5
        assertThat(ids(items)).containsExactly("v3", "v2");
    }

    // ------------------------------------------------------------ exposure filter

    /** PAI-Rec's ClearLogIfNotEnoughScene (module/user_item_exposure_dao.go): no Go test; worked by hand. */
    @Test
    void exposureFilterClearsTheUsersLogWhenItsSceneAnswersShort() throws Exception {
        var f = new ExposureFilter(conf("FilterConfs[0]", map("Name", "exposure", "FilterType", "User2ItemExposureFilter",
                "ClearLogIfNotEnoughScene", "short", "DaoConf", map("AdapterType", "hologres", "HologresName", "holo",
                        "HologresTableName", "exposure_history"))), context);
        assertThat(f.hasAfterResponse()).isTrue();
        pg.execute("INSERT INTO exposure_history VALUES ('cl', 'k1', " + (System.currentTimeMillis() / 1000) + ")");
        User u = new User("cl");
        List<Item> items = List.of(new Item("k1"), new Item("k2"));
        // enough items, or another scene: the log stays
        f.afterResponse(RecContext.builder("a").sceneId("short").size(2).build(), u, items);
        f.afterResponse(RecContext.builder("b").sceneId("home").size(10).build(), u, items);
        assertThat(ids(f.filter(ctx(), u, items).kept())).containsExactly("k2");
        // fewer than size in that scene: cleared
        f.afterResponse(RecContext.builder("c").sceneId("short").size(10).build(), u, items);
        assertThat(ids(f.filter(ctx(), u, items).kept())).containsExactly("k1", "k2");
    }

    /** PAI-Rec's ItemCustomFilterHoloDao has no Go test; worked by hand from its code. */
    @Test
    void itemCustomFilterRemovesTheListedItems() throws Exception {
        pg.execute("CREATE TABLE item_blocklist (content_id text, status int)",
                "INSERT INTO item_blocklist VALUES ('b1', 1), ('b2', 0), ('b3', 1)");
        try (var f = new ItemCustomFilter(conf("FilterConfs[0]", map("Name", "blocked", "FilterType", "ItemCustomFilter",
                "TimeInterval", 3600, "FilterVal", map("SelectCol", "content_id", "WhereClause", "status = 1"),
                "DaoConf", map("AdapterType", "hologres", "HologresName", "holo", "HologresTableName", "item_blocklist"))),
                context)) {
            FilterResult r = f.filter(ctx(), new User("u"), List.of(new Item("b1"), new Item("b2"), new Item("b3"), new Item("b4")));
            assertThat(ids(r.kept())).containsExactly("b2", "b4");
            assertThat(ids(r.removed())).containsExactly("b1", "b3");
        }
    }

    /** PAI-Rec's User2ItemCustomFilterHologresDao has no Go test; worked by hand from its code. */
    @Test
    void userItemCustomFilterRemovesTheUsersListedItems() throws Exception {
        pg.execute("CREATE TABLE user_item_custom (user_id text, item_ids text)",
                "INSERT INTO user_item_custom VALUES ('cu', 'c1,c2'), ('cu', 'c4,'), ('other', 'c3')");
        var f = new UserItemCustomFilter(conf("FilterConfs[0]", map("Name", "custom", "FilterType", "User2ItemCustomFilter",
                "ItemStateCacheSize", 100, "DaoConf", map("AdapterType", "hologres", "HologresName", "holo",
                        "HologresTableName", "user_item_custom"))), context);
        List<Item> items = List.of(new Item("c1"), new Item("c3"), new Item("c2"), new Item("c4"), new Item("c5"));
        FilterResult r = f.filter(ctx(), new User("cu"), items);
        assertThat(ids(r.kept())).containsExactly("c3", "c5");
        assertThat(ids(r.removed())).containsExactly("c1", "c2", "c4");
        assertThat(ids(f.filter(ctx(), new User("nobody"), items).kept())).containsExactly("c1", "c3", "c2", "c4", "c5");
        // the list is cached: a row added now is not seen until the entry expires
        pg.execute("INSERT INTO user_item_custom VALUES ('cu', 'c5')");
        assertThat(ids(f.filter(ctx(), new User("cu"), items).kept())).containsExactly("c3", "c5");
    }

    @Test
    void exposureFilterRemovesLoggedItemsAndWritesTheReturnedOnes() throws Exception {
        var f = new ExposureFilter(conf("FilterConfs[0]", map("Name", "exposure", "FilterType", "User2ItemExposureFilter",
                "TimeInterval", 3600, "MaxItems", 10, "WriteLog", true, "WriteLogExcludeScenes", List.of("nolog"),
                "DaoConf", map("AdapterType", "hologres", "HologresName", "holo", "HologresTableName", "exposure_history"))), context);
        pg.execute("INSERT INTO exposure_history VALUES ('fu', 'e1,e2', " + (System.currentTimeMillis() / 1000 - 10) + "), "
                + "('fu', 'old', " + (System.currentTimeMillis() / 1000 - 7200) + ")");
        User u = new User("fu");
        List<Item> items = List.of(new Item("e1"), new Item("e3"), new Item("old"), new Item("e2"), new Item("e4"));
        FilterResult r = f.filter(ctx(), u, items);
        assertThat(ids(r.kept())).containsExactly("e3", "old", "e4");
        assertThat(ids(r.removed())).containsExactly("e1", "e2");

        assertThat(f.hasAfterResponse()).isTrue();
        f.afterResponse(ctx(), u, List.of(new Item("e3"), new Item("e4")));
        f.afterResponse(RecContext.builder("r2").sceneId("nolog").build(), u, List.of(new Item("old")));
        assertThat(ids(f.filter(ctx(), u, items).kept())).containsExactly("old");
        try (var c = pg.connect(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT item FROM exposure_history WHERE uid = 'fu' ORDER BY create_time DESC LIMIT 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("e3,e4");
        }
    }

    /**
     * PAI-Rec's User2ItemExposureHologresV2Dao (module/user_item_exposure_hologres_v2_dao.go; no Go test, worked
     * by hand): the newest MaxItems rows by serial id, 90 days by default; without MaxItems every row (PAI-Rec
     * asks for LIMIT 0 there and filters nothing: our quirk fix).
     */
    @Test
    void exposureFilterV2ReadsTheNewestRowsOfTheSerialTable() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        pg.execute("INSERT INTO exposure_history_v2 (uid, item, create_time) VALUES ('v2u', 'a1,a2', " + (now - 30)
                + "), ('v2u', 'a3', " + (now - 20) + "), ('v2u', 'a4', " + (now - 10) + "), ('v2u', 'ancient', "
                + (now - 86400 * 91) + ")");
        Map<String, Object> dao = map("AdapterType", "hologres", "HologresName", "holo", "HologresTableName", "exposure_history_v2");
        var newest2 = new ExposureFilter(conf("FilterConfs[0]", map("Name", "e2", "FilterType", "User2ItemExposureFilter",
                "FilterTypeVersion", "v2", "MaxItems", 2, "DaoConf", dao)), context);
        List<Item> items = List.of(new Item("a1"), new Item("a2"), new Item("a3"), new Item("a4"), new Item("ancient"));
        assertThat(ids(newest2.filter(ctx(), new User("v2u"), items).kept())).containsExactly("a1", "a2", "ancient");
        var all = new ExposureFilter(conf("FilterConfs[0]", map("Name", "e2", "FilterType", "User2ItemExposureFilter",
                "FilterTypeVersion", "v2", "DaoConf", dao)), context);
        assertThat(ids(all.filter(ctx(), new User("v2u"), items).kept())).as("90 days by default").containsExactly("ancient");
        assertThatThrownBy(() -> new ExposureFilter(conf("FilterConfs[0]", map("Name", "e3", "FilterType",
                "User2ItemExposureFilter", "FilterTypeVersion", "v3", "DaoConf", dao)), context))
                .hasMessageContaining("FilterTypeVersion").hasMessageContaining("known: [v1, v2]");
    }

    /**
     * PAI-Rec's User2ItemExposureWithConditionFilter (filter/user_item_exposure_with_condition_filter.go; no Go
     * test, worked by hand): when the user conditions hold, nothing is filtered and the log is deleted in the
     * ClearLogIfNotEnoughScene scene; otherwise it filters as User2ItemExposureFilter.
     */
    @Test
    void exposureWithConditionClearsTheLogWhenTheUserConditionsHold() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        pg.execute("INSERT INTO exposure_history VALUES ('wc', 'w1,w2', " + (now - 5) + ")");
        var f = new ExposureFilter(conf("FilterConfs[0]", map("Name", "exp_cond", "FilterType",
                "User2ItemExposureWithConditionFilter", "ClearLogIfNotEnoughScene", "home",
                "Conditions", List.of(map("Name", "refresh", "Domain", "user", "Operator", "equal", "Type", "int", "Value", 1)),
                "DaoConf", map("AdapterType", "hologres", "HologresName", "holo", "HologresTableName", "exposure_history"))),
                context, true);
        assertThat(f.toString()).isEqualTo("User2ItemExposureWithConditionFilter 'exp_cond'");
        List<Item> items = List.of(new Item("w1"), new Item("w2"), new Item("w3"));
        User plain = new User("wc");
        assertThat(ids(f.filter(ctx(), plain, items).kept())).containsExactly("w3");
        User refresh = new User("wc");
        refresh.setProperty("refresh", 1);
        // another scene: nothing filtered, the log stays
        assertThat(ids(f.filter(RecContext.builder("o").sceneId("other").build(), refresh, items).kept()))
                .containsExactly("w1", "w2", "w3");
        assertThat(ids(f.filter(ctx(), plain, items).kept())).containsExactly("w3");
        assertThat(ids(f.filter(ctx(), refresh, items).kept())).containsExactly("w1", "w2", "w3");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!ids(f.filter(ctx(), plain, items).kept()).equals(List.of("w1", "w2", "w3"))) {
            assertThat(System.nanoTime()).as("the log of wc deleted in the background").isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThatThrownBy(() -> new ExposureFilter(conf("FilterConfs[1]", map("Name", "bad", "FilterType",
                "User2ItemExposureWithConditionFilter", "Conditions", List.of(map("Name", "x", "Operator", "like", "Value", 1)),
                "DaoConf", map("AdapterType", "hologres", "HologresName", "holo", "HologresTableName", "exposure_history"))),
                context, true)).hasMessageContaining("Conditions[0]").hasMessageContaining("Operator");
    }

    /**
     * PAI-Rec's ItemStateFilterHologresDao (module/item_state_filter_hologres_dao.go; no Go test, worked by
     * hand): rows become properties, a missing row gets DefaultFieldValues, FilterParams judge the row's
     * values with the user's; WhereClause narrows the rows; the cache holds rows and misses.
     */
    @Test
    void itemStateFilterJudgesEachItemsRow() throws Exception {
        pg.execute("CREATE TABLE item_state (item_id text, status int4, stock int8, region text)",
                "INSERT INTO item_state VALUES ('s1', 1, 10, 'hz'), ('s2', 0, 5, 'hz'), ('s3', 1, 0, 'bj'), ('s4', 1, 3, NULL)");
        Map<String, Object> dao = map("AdapterType", "hologres", "HologresName", "holo", "HologresTableName", "item_state",
                "ItemFieldName", "item_id", "SelectFields", "status,stock,region", "WhereClause", "stock > 0",
                "DefaultFieldValues", map("status", 1, "stock", 1));
        var f = new ItemStateFilter(conf("FilterConfs[0]", map("Name", "state", "FilterType", "ItemStateFilter",
                "ItemStateCacheSize", 100, "ItemStateDaoConf", dao, "FilterParams", List.of(
                        map("Name", "status", "Operator", "equal", "Type", "int", "Value", 1),
                        map("Name", "region", "Operator", "not_equal", "Type", "string", "Value", "user.city")))), context);
        User u = new User("u");
        u.setProperty("city", "bj");
        List<Item> items = List.of(new Item("s1"), new Item("s2"), new Item("s3"), new Item("s4"), new Item("s5"));
        FilterResult r = f.filter(ctx(), u, items);
        // s2: status 0; s3: no row past the WhereClause, so the defaults (status 1, no region) hold
        assertThat(ids(r.kept())).containsExactly("s1", "s3", "s4", "s5");
        assertThat(ids(r.removed())).containsExactly("s2");
        assertThat(items.get(0).property("stock")).isEqualTo(10L);
        assertThat(items.get(0).property("region")).isEqualTo("hz");
        assertThat(items.get(4).property("stock")).isEqualTo(1);
        // cached: a changed row is not seen until the entry expires
        pg.execute("UPDATE item_state SET status = 0 WHERE item_id = 's1'");
        assertThat(ids(f.filter(ctx(), u, List.of(new Item("s1"))).kept())).containsExactly("s1");
        assertThatThrownBy(() -> new ItemStateFilter(conf("FilterConfs[1]", map("Name", "bad", "FilterType", "ItemStateFilter",
                "ItemStateDaoConf", map("AdapterType", "hologres", "HologresName", "holo", "HologresTableName", "item_state")
                )), context)).hasMessageContaining("ItemStateDaoConf.ItemFieldName").hasMessageContaining("is required");
    }

    /** PAI-Rec's BoostScoreByWeight (sort/boost_score_by_weight.go; no Go test, worked by hand). */
    @Test
    void boostScoreByWeightMultipliesTheScoresOfListedItems() throws Exception {
        pg.execute("CREATE TABLE item_weight (item_id text, weight float8)",
                "INSERT INTO item_weight VALUES ('b1', 2), ('b3', 0.5), ('b4', NULL)");
        try (var s = new BoostScoreByWeight(conf("SortConfs[0]", map("Name", "boost", "SortType", "BoostScoreByWeight",
                "TimeInterval", 3600, "BoostScoreByWeightDao", map("AdapterType", "hologres", "HologresName", "holo",
                        "HologresTableName", "item_weight", "ItemFieldName", "item_id", "WeightFieldName", "weight"))), context)) {
            List<Item> items = List.of(new Item("b1", "r", 1.0), new Item("b2", "r", 3.0), new Item("b3", "r", 4.0),
                    new Item("b4", "r", 5.0));
            List<Item> out = s.sort(ctx(), new User("u"), items);
            assertThat(ids(out)).as("the order is kept").containsExactly("b1", "b2", "b3", "b4");
            assertThat(out).extracting(Item::score).containsExactly(2.0, 3.0, 2.0, 5.0);
        }
    }

    @Test
    void datasourceFailuresAreDependencyErrorsAndThePasswordIsNeverShown() {
        Map<String, Object> conf = new HashMap<>();
        conf.put("DSN", "postgres://postgres:" + EmbeddedPg.password() + "@localhost:1/postgres?sslmode=disable");
        conf.put("ConnectionTimeout", 250);
        try (var dead = new HologresDatasource("dead", ComponentConfig.of("HologresConfs.dead", conf), PluginMetrics.NOOP, k -> null)) {
            assertThat(dead.toString()).doesNotContain(EmbeddedPg.password()).contains("****");
            assertThatThrownBy(() -> dead.query("t", "SELECT 1", 0, ps -> {
            }, rs -> null)).isInstanceOfSatisfying(ComponentException.class, e -> {
                assertThat(e.kind()).isEqualTo(ComponentException.Kind.DEPENDENCY);
                assertThat(e.getMessage()).doesNotContain(EmbeddedPg.password());
            });
        }
    }
}
