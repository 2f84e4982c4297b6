package io.recengine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged server with the redis and mysql plugin folders, on a real {@code redis-server} and a real
 * MariaDB: recalls, user and item features and the Redis exposure filter over HTTP; then each store stopped
 * mid-run (feeds keep answering, the stage is counted as failed) and started again (the plugin reconnects by
 * itself). No password reaches the log, {@code /health} or {@code /metrics}.
 */
class StoresJarIT {

    private static final String REDIS_PASSWORD = "Redis-Pw-7781";
    private static final String MYSQL_PASSWORD = "Maria-Pw-5523";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RECOVERY = Duration.ofSeconds(30);
    /** The same recalls without the exposure filter: the fault steps feed u1 many times. */
    private static final String PLAIN = "plain";

    private static final String MYSQL_INIT = """
            CREATE DATABASE IF NOT EXISTS rec;
            CREATE USER IF NOT EXISTS 'rec'@'127.0.0.1' IDENTIFIED BY '%s';
            GRANT ALL ON rec.* TO 'rec'@'127.0.0.1';
            CREATE TABLE IF NOT EXISTS rec.user_custom (user_id VARCHAR(64) PRIMARY KEY, item_ids TEXT);
            CREATE TABLE IF NOT EXISTS rec.u2i (user_id VARCHAR(64) PRIMARY KEY, article_ids TEXT);
            CREATE TABLE IF NOT EXISTS rec.i2i (article_id VARCHAR(64) PRIMARY KEY, article_ids TEXT);
            CREATE TABLE IF NOT EXISTS rec.item_features (item_id VARCHAR(64) PRIMARY KEY, price DOUBLE, brand VARCHAR(32));
            REPLACE INTO rec.user_custom VALUES ('u1', 'm1,m2');
            REPLACE INTO rec.u2i VALUES ('u1', 't9:1');
            REPLACE INTO rec.i2i VALUES ('t9', 'm3:0.7,m4:0.3');
            CREATE TABLE IF NOT EXISTS rec.exposure (article_id VARCHAR(64), uid VARCHAR(64), add_time BIGINT);
            REPLACE INTO rec.item_features VALUES ('m1', 1.5, 'acme'), ('m3', 2.5, NULL), ('r1', 9, 'zeta');
            CREATE TABLE IF NOT EXISTS rec.user_topic (user_id VARCHAR(64), favorite_topic TEXT);
            CREATE TABLE IF NOT EXISTS rec.topic_items (topic VARCHAR(64), article_ids VARCHAR(64), publish_time BIGINT, value DOUBLE);
            DELETE FROM rec.user_topic;
            DELETE FROM rec.topic_items;
            INSERT INTO rec.user_topic VALUES ('u1', 'sport:3,music:1,bad');
            INSERT INTO rec.topic_items VALUES ('sport', 's1', 3, 0), ('sport', 's2', 2, 1), ('sport', 's3', 2, 0),
              ('sport', 's4', 1, 0), ('music', 'z1', 5, 0), ('music', 'z2', 4, 0);
            CREATE TABLE IF NOT EXISTS rec.u2i_video (user_id VARCHAR(64) PRIMARY KEY, item_ids TEXT);
            CREATE TABLE IF NOT EXISTS rec.i2i_video (item_id VARCHAR(64) PRIMARY KEY, similar_item_ids TEXT);
            REPLACE INTO rec.u2i_video VALUES ('u1', 'v9:2');
            REPLACE INTO rec.i2i_video VALUES ('v9', 'v1:0.5,v2:0.25');
            """.formatted(MYSQL_PASSWORD);

    @TempDir
    static Path tmp;
    private static StoreProcesses.Redis redis;
    private static StoreProcesses.MariaDb maria;
    private static Process server;
    private static URI base;
    private static Path log;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() throws Exception {
        redis = new StoreProcesses.Redis(tmp.resolve("redis"), REDIS_PASSWORD);
        seedRedis();
        maria = new StoreProcesses.MariaDb(tmp.resolve("maria"), MYSQL_INIT);
        Path config = tmp.resolve("stores.json");
        Files.writeString(config, """
                {
                  "RedisConfs": {"r": {"Host": "127.0.0.1", "Port": %d, "Password": "%s", "DbNum": 0, "MaxIdle": 4,
                                       "ConnectTimeout": 200, "ReadTimeout": 1000}},
                  "MysqlConfs": {"m": {"DSN": "rec:%s@tcp(127.0.0.1:%d)/rec", "QueryTimeout": 2000, "MaxOpenConns": 4,
                                       "MaxIdleConns": 1, "ConnectionTimeout": 300}},
                  "EngineConf": {"RecallTimeout": 3000},
                  "RecallConfs": [
                    {"Name": "r_custom", "RecallType": "UserCustomRecall", "RecallCount": 10,
                     "DaoConf": {"AdapterType": "redis", "RedisName": "r", "RedisPrefix": "uc_"}},
                    {"Name": "r_ucf", "RecallType": "UserCollaborativeFilterRecall", "RecallCount": 10,
                     "UserCollaborativeDaoConf": {"AdapterType": "redis"},
                     "DaoConf": {"RedisName": "r", "RedisPrefix": "u2i_"}},
                    {"Name": "m_custom", "RecallType": "UserCustomRecall", "RecallCount": 10,
                     "DaoConf": {"AdapterType": "mysql", "MysqlName": "m", "MysqlTable": "user_custom"}},
                    {"Name": "m_ucf", "RecallType": "UserCollaborativeFilterRecall", "RecallCount": 10,
                     "UserCollaborativeDaoConf": {"AdapterType": "mysql", "MysqlName": "m", "User2ItemTable": "u2i",
                                                  "Item2ItemTable": "i2i"}},
                    {"Name": "rc_custom", "RecallType": "UserCustomRecall", "RecallCount": 10,
                     "CacheAdapter": "redis", "CachePrefix": "rcache_", "CacheTime": 4,
                     "CacheConfig": "{\\\"host\\\":\\\"127.0.0.1\\\", \\\"port\\\":%d, \\\"maxIdle\\\":3, \\\"password\\\":\\\"%s\\\", \\\"ReadTimeout\\\":2000}",
                     "DaoConf": {"AdapterType": "redis", "RedisName": "r", "RedisPrefix": "cc_"}},
                    {"Name": "lc_custom", "RecallType": "UserCustomRecall", "RecallCount": 10,
                     "CacheAdapter": "localCache", "CacheTime": 5,
                     "CacheConfig": "{\\\"defaultExpiration\\\":1800, \\\"cleanupInterval\\\":1800}",
                     "DaoConf": {"AdapterType": "redis", "RedisName": "r", "RedisPrefix": "lc_"}},
                    {"Name": "dead_cache", "RecallType": "UserCustomRecall", "RecallCount": 10,
                     "CacheAdapter": "redis", "CacheConfig": "{\\\"host\\\":\\\"127.0.0.1\\\", \\\"port\\\":%d, \\\"password\\\":\\\"%s\\\"}",
                     "DaoConf": {"AdapterType": "mysql", "MysqlName": "m", "MysqlTable": "user_custom"}},
                    {"Name": "m_topic", "RecallType": "UserTopicRecall", "RecallCount": 4,
                     "UserTopicDaoConf": {"AdapterType": "mysql", "MysqlName": "m", "UserTopicTable": "user_topic",
                                          "TopicItemTable": "topic_items"}},
                    {"Name": "m_video", "RecallType": "UserCollaborativeFilterRecall", "RecallCount": 10,
                     "UserCollaborativeDaoConf": {"AdapterType": "mysql", "Adapter": "UserVideoCollaborativeMysqlDao",
                                                  "MysqlName": "m", "User2ItemTable": "u2i_video", "Item2ItemTable": "i2i_video"}},
                    {"Name": "f_custom", "RecallType": "UserCustomRecall", "RecallCount": 10,
                     "DaoConf": {"AdapterType": "redis", "RedisName": "r", "RedisPrefix": "fc_"}}
                  ],
                  "FilterConfs": [
                    {"Name": "exposure", "FilterType": "User2ItemExposureFilter", "MaxItems": 50, "TimeInterval": 3600,
                     "WriteLog": true, "DaoConf": {"AdapterType": "redis", "RedisName": "r", "RedisPrefix": "exp_"}},
                    {"Name": "mexposure", "FilterType": "User2ItemExposureFilter", "WriteLog": true,
                     "WriteLogExcludeScenes": ["mexp_check"],
                     "DaoConf": {"AdapterType": "mysql", "MysqlName": "m", "MysqlTable": "exposure"}},
                    {"Name": "black_user", "FilterType": "User2ItemCustomFilter",
                     "DaoConf": {"AdapterType": "redis", "RedisName": "r", "RedisPrefix": "black_"}},
                    {"Name": "black_items", "FilterType": "ItemCustomFilter", "TimeInterval": 1,
                     "DaoConf": {"AdapterType": "redis", "RedisName": "r", "RedisKey": "black_items"}}
                  ],
                  "FeatureConfs": {"home_feed": {"FeatureLoadConfs": [
                    {"FeatureDaoConf": {"AdapterType": "redis", "RedisName": "r", "RedisPrefix": "uf_",
                                        "FeatureStore": "user", "FeatureKey": "user:uid"}},
                    {"FeatureDaoConf": {"AdapterType": "redis", "RedisName": "r", "RedisPrefix": "if_", "RedisDataType": "hash",
                                        "FeatureStore": "item", "FeatureKey": "item:id", "CacheSize": 1000, "CacheTime": 60},
                     "Features": [{"FeatureType": "raw_feature", "FeatureName": "u_age", "FeatureSource": "user:age",
                                   "FeatureStore": "item"}]},
                    {"FeatureDaoConf": {"AdapterType": "mysql", "MysqlName": "m", "MysqlTable": "item_features",
                                        "FeatureStore": "item", "FeatureKey": "item:id", "ItemFeatureKeyName": "item_id",
                                        "ItemSelectFields": "price,brand"}}
                  ]}},
                  "SceneConfs": {"home_feed": {"default": {
                    "RecallNames": ["r_custom", "r_ucf", "m_custom", "m_ucf"],
                    "OutputFields": ["item:category", "item:price", "item:brand", "item:u_age"]}},
                                 "plain": {"default": {"RecallNames": ["r_custom", "r_ucf", "m_custom", "m_ucf"]}},
                                 "mexp": {"default": {"RecallNames": ["m_custom", "m_ucf"]}},
                                 "mexp_check": {"default": {"RecallNames": ["m_custom", "m_ucf"]}},
                                 "cached": {"default": {"RecallNames": ["rc_custom", "lc_custom", "dead_cache"]}},
                                 "blocked": {"default": {"RecallNames": ["f_custom"]}},
                                 "topic": {"default": {"RecallNames": ["m_topic", "m_video"]}}},
                  "FilterNames": {"home_feed": ["UniqueFilter", "exposure"], "plain": ["UniqueFilter"],
                                  "mexp": ["UniqueFilter", "mexposure"], "mexp_check": ["UniqueFilter", "mexposure"],
                                  "cached": ["UniqueFilter"], "blocked": ["UniqueFilter", "black_user", "black_items"],
                                  "topic": ["UniqueFilter"]}
                }
                """.formatted(redis.port, REDIS_PASSWORD, MYSQL_PASSWORD, maria.port, redis.port, REDIS_PASSWORD,
                ServerProcess.freePort(), REDIS_PASSWORD));
        int port = ServerProcess.freePort();
        log = tmp.resolve("server.log");
        server = ServerProcess.start(config, port, log);
        base = URI.create("http://127.0.0.1:" + port);
        ServerProcess.awaitPing(HTTP, server, base, log, Duration.ofSeconds(90));
    }

    /** Redis holds PAI-Rec's layouts: id lists, trigger lists, csv user features, hash item features. */
    private static void seedRedis() throws Exception {
        redis.calls(List.of("SET", "uc_u1", "r1,r2:custom_x,r3::0.5"),
                List.of("SET", "u2i_u1", "t1:1,t2:0.5"),
                List.of("SET", "t1", "c1:0.9,c2:0.4"),
                List.of("SET", "t2", "c2:0.8,c3:0.2"),
                List.of("SET", "uf_u1", "age:31,city:hz"),
                List.of("HSET", "if_r1", "category", "news"),
                List.of("HSET", "if_c1", "category", "sports"),
                List.of("HSET", "if_m1", "category", "music"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            ServerProcess.stop(server);
        }
        if (redis != null) {
            redis.close();
        }
        if (maria != null) {
            maria.close();
        }
    }

    private static JsonNode feed(String uid, int size) throws Exception {
        return feed(uid, size, "home_feed");
    }

    private static JsonNode feed(String uid, int size, String scene) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/rec/feed"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"uid\":\"" + uid + "\",\"size\":" + size + ",\"scene_id\":\"" + scene + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("code").asInt()).as(r.body()).isIn(200, 299);
        return body;
    }

    private static Map<String, JsonNode> byId(JsonNode body) {
        Map<String, JsonNode> out = new HashMap<>();
        body.path("items").forEach(i -> out.put(i.path("item_id").asText(), i));
        return out;
    }

    private static String get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum of a Prometheus counter's series whose line contains every one of {@code labels}. */
    private static double counter(String metric, String... labels) throws Exception {
        double sum = 0;
        for (String line : get("/metrics").split("\n")) {
            if (line.startsWith(metric) && List.of(labels).stream().allMatch(line::contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static double recallFailures(String recall) throws Exception {
        return counter("recengine_component_failures", "kind=\"recall\"", "component=\"" + recall + "\"");
    }

    private static JsonNode awaitFeed(String uid, Predicate<Set<String>> ready, String what) throws Exception {
        return awaitFeed(uid, PLAIN, ready, what);
    }

    private static JsonNode awaitFeed(String uid, String scene, Predicate<Set<String>> ready, String what) throws Exception {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (true) {
            JsonNode body = feed(uid, 50, scene);
            if (ready.test(byId(body).keySet())) {
                return body;
            }
            assertThat(System.nanoTime()).as(what + "; last answer " + body).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void servesFromRedisAndMysqlFiltersExposedItemsAndSurvivesStoreRestarts() throws Exception {
        // 1. every recall answers; item features from both stores; a user feature copied to items
        JsonNode all = feed("u2", 50);
        assertThat(byId(all)).isEmpty(); // u2 has nothing in either store

        JsonNode first = feed("u1", 4);
        List<String> shown = new ArrayList<>();
        first.path("items").forEach(i -> shown.add(i.path("item_id").asText()));
        assertThat(shown).hasSize(4);

        // 2. the exposure history is written after the response, then filters the shown items
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!redis.call("LLEN", "exp_u1").equals(":1")) {
            assertThat(System.nanoTime()).as("exposure entry written by afterResponse").isLessThan(deadline);
            Thread.sleep(50);
        }
        JsonNode rest = feed("u1", 50);
        Map<String, JsonNode> items = byId(rest);
        Set<String> every = new HashSet<>(items.keySet());
        every.addAll(shown);
        assertThat(every).containsExactlyInAnyOrder("r1", "r2", "r3", "c1", "c2", "c3", "m1", "m2", "m3", "m4");
        assertThat(items.keySet()).doesNotContainAnyElementsOf(shown);
        redis.call("DEL", "exp_u1");

        JsonNode full = feed("u1", 50);
        Map<String, JsonNode> f = byId(full);
        assertThat(f.keySet()).containsExactlyInAnyOrder("r1", "r2", "r3", "c1", "c2", "c3", "m1", "m2", "m3", "m4");
        assertThat(f.get("r1").path("retrieve_id").asText()).isEqualTo("r_custom");
        assertThat(f.get("r2").path("retrieve_id").asText()).isEqualTo("custom_x");
        assertThat(f.get("c1").path("retrieve_id").asText()).isEqualTo("r_ucf");
        assertThat(f.get("m1").path("retrieve_id").asText()).isEqualTo("m_custom");
        assertThat(f.get("m3").path("retrieve_id").asText()).isEqualTo("m_ucf");
        assertThat(f.get("r1").path("extra").path("category").asText()).isEqualTo("news");
        assertThat(f.get("r1").path("extra").path("price").asDouble()).isEqualTo(9.0);
        assertThat(f.get("m1").path("extra").path("brand").asText()).isEqualTo("acme");
        assertThat(f.get("m3").path("extra").has("brand")).isFalse(); // SQL NULL is no feature
        assertThat(f.get("c1").path("extra").path("category").asText()).isEqualTo("sports");
        assertThat(f.get("c1").path("extra").path("u_age").asText()).isEqualTo("31");

        // UserTopicRecall on MySQL: RecallCount 4 shared 3:1 by the topic values, newest first; and PAI-Rec's
        // video layout of the MySQL collaborative filter
        JsonNode topic = feed("u1", 50, "topic");
        assertThat(byId(topic).keySet()).containsExactlyInAnyOrder("s1", "s2", "s3", "z1", "v1", "v2");
        assertThat(byId(topic).get("s1").path("retrieve_id").asText()).isEqualTo("m_topic");
        assertThat(byId(topic).get("v1").path("retrieve_id").asText()).isEqualTo("m_video");

        // MySQL exposure history: rows written after the response filter the next request (a scene that
        // writes no history itself looks)
        JsonNode mFirst = feed("u1", 2, "mexp");
        Set<String> mShown = byId(mFirst).keySet();
        assertThat(mShown).hasSize(2);
        JsonNode mRest = awaitFeed("u1", "mexp_check", ids -> ids.size() == 2, "MySQL exposure rows written");
        assertThat(byId(mRest).keySet()).doesNotContainAnyElementsOf(mShown);
        Set<String> mAll = new HashSet<>(byId(mRest).keySet());
        mAll.addAll(mShown);
        assertThat(mAll).containsExactlyInAnyOrder("m1", "m2", "m3", "m4");

        // 3. Redis stops: the Redis recalls fail and are counted, MySQL items still come
        double custom0 = recallFailures("r_custom");
        double ucf0 = recallFailures("r_ucf");
        redis.stopServer();
        JsonNode down = feed("u1", 50, PLAIN);
        assertThat(byId(down).keySet()).containsExactlyInAnyOrder("m1", "m2", "m3", "m4");
        assertThat(recallFailures("r_custom")).isGreaterThan(custom0);
        assertThat(recallFailures("r_ucf")).isGreaterThan(ucf0);
        assertThat(get("/health")).contains("RedisConfs.r");
        assertThat(counter("recengine_plugin_redis_errors_total", "datasource=\"r\"")).isPositive();

        // 4. Redis is back (empty: no persistence), seeded again: the plugin reconnects by itself
        redis.start();
        seedRedis();
        awaitFeed("u1", ids -> ids.contains("r1") && ids.contains("c1"), "Redis recalls back after the restart");

        // 5. MariaDB stops: the MySQL recalls fail and are counted, Redis items still come
        double mcustom0 = recallFailures("m_custom");
        maria.stopServer();
        JsonNode noSql = feed("u1", 50, PLAIN);
        assertThat(byId(noSql).keySet()).as(noSql.toString()).contains("r1", "c1").doesNotContain("m1", "m3");
        assertThat(recallFailures("m_custom")).isGreaterThan(mcustom0);

        // 6. MariaDB is back: the pool reconnects by itself
        maria.start();
        awaitFeed("u1", ids -> ids.contains("m1") && ids.contains("m3"), "MySQL recalls back after the restart");

        // no password anywhere the operator looks
        for (String text : List.of(Files.readString(log), get("/health"), get("/metrics"))) {
            assertThat(text).doesNotContain(REDIS_PASSWORD).doesNotContain(MYSQL_PASSWORD);
        }
    }

    /**
     * PAI-Rec's recall result cache ({@code CacheAdapter} redis with its {@code CacheConfig} JSON string, and
     * localCache): the first answer is stored, the next request is answered from the cache although the
     * source changed, and once {@code CacheTime} has passed the recall runs again. A cache that cannot be
     * reached never fails its recall. The black-list filters on Redis: a user's list (string form) and the
     * global list (set form) remove their items.
     */
    @Test
    void cachesRecallAnswersAndFiltersRedisBlackLists() throws Exception {
        redis.calls(List.of("SET", "cc_u7", "k1,k2"), List.of("SET", "lc_u7", "l1,l2"));
        Set<String> firstIds = byId(feed("u7", 50, "cached")).keySet();
        // dead_cache: its cache is unreachable, its MySQL recall answers anyway
        assertThat(firstIds).containsExactlyInAnyOrder("k1", "k2", "l1", "l2");
        assertThat(counter("recengine_plugin_recall_cache_total", "recall=\"dead_cache\"", "outcome=\"error\""))
                .isPositive();
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (redis.call("EXISTS", "rcache_u7").equals(":0")) {
            assertThat(System.nanoTime()).as("the redis cache written after the recall").isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(redis.value("rcache_u7")).isEqualTo("k1::0.0,k2::0.0");
        assertThat(redis.call("TTL", "rcache_u7")).isIn(":1", ":2", ":3", ":4");

        // the sources change; the caches still answer (CacheTime 4 s and 5 s: a slow box may already see one
        // expire, so a cached answer is asserted only when the metrics say it was a hit)
        double redisHits0 = counter("recengine_plugin_recall_cache_total", "recall=\"rc_custom\"", "outcome=\"hit\"");
        double localHits0 = counter("recengine_plugin_recall_cache_total", "recall=\"lc_custom\"", "outcome=\"hit\"");
        redis.calls(List.of("SET", "cc_u7", "k3"), List.of("SET", "lc_u7", "l3"));
        Set<String> second = byId(feed("u7", 50, "cached")).keySet();
        double redisHits = counter("recengine_plugin_recall_cache_total", "recall=\"rc_custom\"", "outcome=\"hit\"");
        double localHits = counter("recengine_plugin_recall_cache_total", "recall=\"lc_custom\"", "outcome=\"hit\"");
        assertThat(redisHits + localHits).as("at least one cache answered").isGreaterThan(redisHits0 + localHits0);
        if (redisHits > redisHits0) {
            assertThat(second).contains("k1", "k2").doesNotContain("k3");
        }
        if (localHits > localHits0) {
            assertThat(second).contains("l1", "l2").doesNotContain("l3");
        }
        // expiry: the recalls run again and see the new sources
        awaitFeed("u7", "cached", ids -> ids.equals(Set.of("k3", "l3")),
                "cached answers expired after CacheTime");
        // the recall ran again: a second miss (or a read that failed on a slow box, which also runs the recall)
        assertThat(counter("recengine_plugin_recall_cache_total", "recall=\"rc_custom\"", "outcome=\"miss\"")
                + counter("recengine_plugin_recall_cache_total", "recall=\"rc_custom\"", "outcome=\"error\""))
                .isGreaterThanOrEqualTo(2);

        // black lists: the user's (a comma-joined string) and the global one (a set)
        redis.calls(List.of("SET", "fc_u7", "f1,f2,f3,f4"), List.of("SET", "fc_u8", "f1,f2,f3"),
                List.of("SET", "black_u7", "f2"), List.of("SADD", "black_items", "f3", "f9"));
        assertThat(byId(feed("u7", 50, "blocked")).keySet()).containsExactlyInAnyOrder("f1", "f4");
        assertThat(byId(feed("u8", 50, "blocked")).keySet()).containsExactlyInAnyOrder("f1", "f2");
        // a user's list may be a set too
        redis.calls(List.of("SADD", "black_u9", "f4"), List.of("SET", "fc_u9", "f1,f4"));
        assertThat(byId(feed("u9", 50, "blocked")).keySet()).containsExactlyInAnyOrder("f1");

        for (String text : List.of(Files.readString(log), get("/health"), get("/metrics"))) {
            assertThat(text).doesNotContain(REDIS_PASSWORD).doesNotContain(MYSQL_PASSWORD);
        }
    }
}
