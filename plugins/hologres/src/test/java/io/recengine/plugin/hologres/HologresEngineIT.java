package io.recengine.plugin.hologres;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import io.recengine.core.request.FeedRequest;
import io.recengine.core.request.FeedResult;
import io.recengine.spi.Item;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine with the Hologres plugin on a temp config pointing at a real PostgreSQL: a feed over a
 * scene with a user CF recall, a vector recall, item features and the exposure filter; the database
 * stopped mid-test and started again on the same port.
 */
class HologresEngineIT {

    @TempDir
    static Path tmp;
    private static EmbeddedPg pg;
    private static RecEngine engine;
    private static SimpleMeterRegistry meters;
    private static ListAppender<ILoggingEvent> logs;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPg.start();
        Fixtures.createTables(pg);
        Fixtures.insertRecallData(pg);
        Fixtures.insertItemFeatures(pg, 10);
        Path config = tmp.resolve("hologres.json");
        Files.writeString(config, """
                {
                  "EngineConf": {"RecallTimeout": 3000},
                  "HologresConfs": {
                    "holo": {"DSN": "%s", "MaxOpenConns": 8, "MaxIdleConns": 2, "QueryTimeout": 3000, "ConnectionTimeout": 300}
                  },
                  "RecallConfs": [
                    {"Name": "u2i_cf", "RecallType": "UserCollaborativeFilterRecall", "RecallCount": 10,
                     "UserCollaborativeDaoConf": {"AdapterType": "hologres", "HologresName": "holo",
                                                  "User2ItemTable": "u2i", "Item2ItemTable": "i2i"}},
                    {"Name": "vec", "RecallType": "HologresVectorRecall", "RecallCount": 3,
                     "VectorDaoConf": {"AdapterType": "hologres", "HologresName": "holo", "HologresTableName": "user_embedding",
                                       "KeyField": "user_id", "EmbeddingField": "embedding"},
                     "HologresVectorConf": {"VectorTable": "item_embedding", "VectorKeyField": "item_id",
                                            "VectorEmbeddingField": "embedding"}}
                  ],
                  "FilterConfs": [
                    {"Name": "exposure", "FilterType": "User2ItemExposureFilter", "MaxItems": 100, "TimeInterval": 3600,
                     "WriteLog": true,
                     "DaoConf": {"AdapterType": "hologres", "HologresName": "holo", "HologresTableName": "exposure_history"}}
                  ],
                  "FeatureConfs": {
                    "home_feed": {"FeatureLoadConfs": [{"FeatureDaoConf": {
                      "AdapterType": "hologres", "HologresName": "holo", "FeatureStore": "item", "FeatureKey": "item:id",
                      "ItemFeatureKeyName": "item_id", "ItemSelectFields": "category,price", "HologresTableName": "item_features"}}]}
                  },
                  "SceneConfs": {"home_feed": {"default": {
                    "RecallNames": ["u2i_cf", "vec", "ContextItemRecall"], "OutputFields": ["item:category"]}}},
                  "FilterNames": {"home_feed": ["UniqueFilter", "exposure"]}
                }
                """.formatted(pg.dsn()));
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        meters = new SimpleMeterRegistry();
        engine = RecEngine.start(EngineOptions.of(config).withMeterRegistry(meters));
    }

    @AfterAll
    static void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (pg != null) {
            pg.close();
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    private static FeedResult feed(FeedRequest.Builder request) {
        FeedResult r = engine.feed(request.build());
        assertThat(r.code()).as(r.msg()).isNotEqualTo(FeedResult.ENGINE_ERROR);
        return r;
    }

    private static List<String> ids(FeedResult r) {
        return r.items().stream().map(Item::id).toList();
    }

    private static double failures(String kind, String component) {
        return meters.find("recengine.component.failures").tags("kind", kind, "component", component).counters()
                .stream().mapToDouble(Counter::count).sum();
    }

    private static double featureErrors() {
        return meters.find("recengine.feature.errors").counters().stream().mapToDouble(Counter::count).sum();
    }

    private static int exposureRows(String uid) throws Exception {
        try (var c = pg.connect(); var s = c.prepareStatement("SELECT count(*) FROM exposure_history WHERE uid = ?")) {
            s.setString(1, uid);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void awaitExposureRows(String uid, int n) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (exposureRows(uid) < n) {
            assertThat(System.nanoTime()).as("exposure row %d of %s written by afterResponse", n, uid).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void feedFiltersExposedItemsAndDegradesWhileTheDatabaseIsDown() throws Exception {
        // 1. CF recall (a 1.0, b 0.78, c 0.11) + vector recall (v1 0.9, v2 0.5, v3 0.1), item features, top 3
        FeedResult first = feed(FeedRequest.builder("u1").size(3).sceneId("home_feed"));
        assertThat(first.code()).isEqualTo(200);
        assertThat(ids(first)).containsExactly("a", "v1", "b");
        assertThat(first.items().get(0).retrieveId()).isEqualTo("u2i_cf");
        assertThat(first.items().get(1).retrieveId()).isEqualTo("vec");
        assertThat(first.items().get(0).property("category")).isEqualTo("sports");
        assertThat(first.items().get(1).property("category")).isEqualTo("vec");
        awaitExposureRows("u1", 1);

        // 2. the items shown by the first answer are filtered out
        FeedResult second = feed(FeedRequest.builder("u1").size(3).sceneId("home_feed"));
        assertThat(ids(second)).containsExactly("v2", "c", "v3");
        awaitExposureRows("u1", 2);

        // 3. the database goes away: the Hologres stages degrade, the request still answers
        pg.stopServer();
        double cf0 = failures("recall", "u2i_cf");
        double vec0 = failures("recall", "vec");
        double filter0 = failures("filter", "exposure");
        double feat0 = featureErrors();
        logs.list.clear();
        FeedResult down = feed(FeedRequest.builder("u1").size(3).sceneId("home_feed")
                .itemList(List.of(Map.of("item_id", "z1", "score", 0.5))));
        assertThat(down.code()).isEqualTo(299);
        assertThat(ids(down)).containsExactly("z1");
        assertThat(failures("recall", "u2i_cf")).isEqualTo(cf0 + 1);
        // the vector recall has the user's embedding cached, its search fails
        assertThat(failures("recall", "vec")).isEqualTo(vec0 + 1);
        assertThat(failures("filter", "exposure")).isEqualTo(filter0 + 1);
        assertThat(featureErrors()).isEqualTo(feat0 + 1);
        assertThat(logs.list.stream().map(ILoggingEvent::getFormattedMessage))
                .anySatisfy(m -> assertThat(m).contains("u2i_cf").contains("hologres 'holo'"))
                .allSatisfy(m -> assertThat(m).doesNotContain(EmbeddedPg.password()));

        // 4. it comes back on the same port: the pool recovers without an engine restart
        pg.startServer();
        long deadline = System.nanoTime() + 15_000_000_000L;
        FeedResult back;
        while (true) {
            double before = failures("recall", "u2i_cf");
            back = feed(FeedRequest.builder("u3").size(2).sceneId("home_feed"));
            if (failures("recall", "u2i_cf") == before && ids(back).contains("a")) {
                break;
            }
            assertThat(System.nanoTime()).as("recovered within 15 s").isLessThan(deadline);
            Thread.sleep(200);
        }
        // u3: CF a 1.0 (b 0.56), vector v4 1.0 (embedding {0,0,1})
        assertThat(ids(back)).containsExactlyInAnyOrder("a", "v4");
        assertThat(back.items().get(0).property("category")).isEqualTo("sports");
        awaitExposureRows("u3", 1);
    }
}
