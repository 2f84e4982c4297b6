package io.recengine.core.feature;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.FeatureDao;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import io.recengine.spi.concurrent.Bulkhead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static io.recengine.core.feature.TestConfigs.conf;
import static io.recengine.core.feature.TestConfigs.fixedLocal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class FeatureStageTest {

    private static final Clock CLOCK = fixedLocal(2024, 7, 17, 9, 30);

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<String, FeatureDao> daos = new HashMap<>();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    /** The engine's factory in miniature: AdapterType -> DAO, null when empty. */
    private final Function<ComponentConfig, FeatureDao> factory = c -> {
        String adapter = c.string("AdapterType");
        if (adapter.isEmpty()) {
            return null;
        }
        FeatureDao dao = daos.get(c.string("Name", adapter));
        assertThat(dao).as("dao for " + adapter).isNotNull();
        return dao;
    };

    private FeatureStage stage(String path, String json, boolean userStage) {
        return stage(path, json, userStage, executor);
    }

    private FeatureStage stage(String path, String json, boolean userStage, Executor executor) {
        return FeatureStage.build(conf(path, json), userStage, factory, executor, CLOCK, registry);
    }

    /**
     * Runs every task on a new thread and returns only once {@code begun} is released (by the DAO that must
     * be running before the stage starts waiting), so that the deadline always meets it running.
     */
    private static Executor startingBefore(CountDownLatch begun) {
        return task -> {
            new Thread(task).start();
            try {
                assertThat(begun.await(30, TimeUnit.SECONDS)).as("DAO started").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    private static RecContext ctx() {
        return RecContext.builder("req-1").sceneId("home").build();
    }

    private static RecContext ctx(long timeoutMillis) {
        return RecContext.builder("req-1").sceneId("home")
                .deadlineNanos(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis)).build();
    }

    private double errors(String adapter) {
        var c = registry.find(FeatureStage.ERRORS_METRIC).tags("scene", "home", "adapter", adapter).counter();
        return c == null ? 0 : c.count();
    }

    /** Sets user properties, recording the call. */
    private FeatureDao userDao(String name, Map<String, Object> values) {
        return new FeatureDao() {
            @Override
            public void loadUserFeatures(RecContext context, User user) {
                events.add(name + ":user:" + Thread.currentThread().getName());
                user.setProperties(values);
            }

            @Override
            public void loadItemFeatures(RecContext context, User user, List<Item> items) {
                events.add(name + ":items");
            }
        };
    }

    /** Sets item property {@code prop} = item id + suffix. */
    private FeatureDao itemDao(String name, String prop, String suffix) {
        return new FeatureDao() {
            @Override
            public void loadUserFeatures(RecContext context, User user) {
                events.add(name + ":user");
            }

            @Override
            public void loadItemFeatures(RecContext context, User user, List<Item> items) {
                events.add(name + ":items:" + Thread.currentThread().getName());
                items.forEach(i -> i.setProperty(prop, i.id() + suffix));
            }
        };
    }

    // ---------------------------------------------------------------- user stage

    @Test
    void userStageLoadsEveryEntryAndAppliesTransforms() {
        daos.put("redis", userDao("redis", Map.of("age", 30, "gender", "male")));
        daos.put("hologres", userDao("hologres", Map.of("city", "hz")));
        FeatureStage s = stage("UserFeatureConfs.home", """
                {'FeatureLoadConfs':[
                  {'FeatureDaoConf':{'AdapterType':'redis','FeatureStore':'user'},
                   'Features':[{'FeatureType':'raw_feature','FeatureName':'user_age','FeatureSource':'user:age'}]},
                  {'FeatureDaoConf':{'AdapterType':'hologres','FeatureStore':'user'},
                   'Features':[{'FeatureType':'new_feature','FeatureName':'hour','Normalizer':'hour_in_day'}]},
                  {'FeatureDaoConf':{'AdapterType':'','FeatureStore':'user'},
                   'Features':[{'FeatureType':'new_feature','FeatureName':'c','Normalizer':'const_value','FeatureValue':'v'}]}
                ]}""", true);
        User user = new User("u1");
        s.loadUser(ctx(), user);
        assertThat(user.properties()).contains(entry("age", 30), entry("user_age", "30"), entry("city", "hz"),
                entry("hour", 9), entry("c", "v"));
        assertThat(events).hasSize(2).allMatch(e -> e.contains(":user:") && !e.endsWith(":main"));
        assertThat(s.isEmpty()).isFalse();
        assertThat(s.daos()).hasSize(2);
    }

    @Test
    void userStageRunsEntriesConcurrently() {
        CountDownLatch both = new CountDownLatch(2);
        FeatureDao meet = new FeatureDao() {
            @Override
            public void loadUserFeatures(RecContext context, User user) {
                both.countDown();
                try {
                    if (both.await(5, TimeUnit.SECONDS)) {
                        user.setProperty("met_" + Thread.currentThread().getName(), true);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        daos.put("redis", meet);
        FeatureStage s = stage("UserFeatureConfs.home", """
                {'FeatureLoadConfs':[
                  {'FeatureDaoConf':{'AdapterType':'redis','FeatureStore':'user'}},
                  {'FeatureDaoConf':{'AdapterType':'redis','FeatureStore':'user'}}]}""", true);
        User user = new User("u1");
        s.loadUser(ctx(2000), user);
        assertThat(user.properties().keySet().stream().filter(k -> k.startsWith("met_"))).hasSize(2);
    }

    @Test
    void throwingDaoIsLoggedCountedAndDoesNotStopTheOthers() {
        daos.put("redis", new FeatureDao() {
            @Override
            public void loadUserFeatures(RecContext context, User user) {
                throw new ComponentException("redis", ComponentException.Kind.DEPENDENCY, "connection refused");
            }
        });
        daos.put("hologres", userDao("hologres", Map.of("city", "hz")));
        FeatureStage s = stage("UserFeatureConfs.home", """
                {'FeatureLoadConfs':[
                  {'FeatureDaoConf':{'AdapterType':'redis','FeatureStore':'user'},
                   'Features':[{'FeatureType':'new_feature','FeatureName':'after_failure','Normalizer':'month'}]},
                  {'FeatureDaoConf':{'AdapterType':'hologres','FeatureStore':'user'}}]}""", true);
        User user = new User("u1");
        RecContext ctx = RecContext.builder("req-1").sceneId("home").debug(true).build();
        s.loadUser(ctx, user);
        assertThat(user.properties()).contains(entry("city", "hz"), entry("after_failure", 7));
        assertThat(errors("redis")).isEqualTo(1.0);
        assertThat(errors("hologres")).isEqualTo(0.0);
        // the debug log names the element and the outcome; the cause's text stays in the engine's log
        assertThat(ctx.logs()).singleElement().asString()
                .contains("scene=home", "component=UserFeatureConfs.home.FeatureLoadConfs[0].FeatureDaoConf",
                        "adapter=redis", "feature load failed (dependency)")
                .doesNotContain("connection refused", "ComponentException");
    }

    @Test
    void slowUserDaoIsBoundedByTheRequestDeadline() throws InterruptedException {
        CountDownLatch begun = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        daos.put("slow", new FeatureDao() {
            @Override
            public void loadUserFeatures(RecContext context, User user) {
                begun.countDown();
                try {
                    new CountDownLatch(1).await(); // never answers; only the deadline ends it
                    user.setProperty("slow", "done");
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            }
        });
        daos.put("fast", userDao("fast", Map.of("fast", "done")));
        FeatureStage s = stage("UserFeatureConfs.home", """
                {'FeatureLoadConfs':[
                  {'FeatureDaoConf':{'Name':'slow','AdapterType':'redis','FeatureStore':'user'}},
                  {'FeatureDaoConf':{'Name':'fast','AdapterType':'redis','FeatureStore':'user'}}]}""", true,
                startingBefore(begun));
        User user = new User("u1");
        // the fast DAO answers at once; the deadline (ample for it even on a loaded machine) ends the slow one
        s.loadUser(ctx(2_000), user);
        assertThat(user.properties()).contains(entry("fast", "done")).doesNotContainKey("slow");
        assertThat(errors("redis")).isEqualTo(1.0);
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).as("late load cancelled").isTrue();
    }

    @Test
    void aPassedDeadlineStartsNoUserLoad() {
        daos.put("redis", userDao("redis", Map.of("city", "hz")));
        FeatureStage s = stage("UserFeatureConfs.home", """
                {'FeatureLoadConfs':[{'FeatureDaoConf':{'AdapterType':'redis','FeatureStore':'user'}}]}""", true);
        User user = new User("u1");
        s.loadUser(RecContext.builder("req-1").sceneId("home").deadlineNanos(System.nanoTime() - 1).build(), user);
        assertThat(events).isEmpty();
        assertThat(user.properties()).doesNotContainKey("city");
        assertThat(errors("redis")).isEqualTo(1.0);
    }

    @Test
    void featureAsyncLoadIsNotAwaited() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        daos.put("async", new FeatureDao() {
            @Override
            public void loadUserFeatures(RecContext context, User user) {
                try {
                    if (release.await(5, TimeUnit.SECONDS)) {
                        user.setProperty("async", "done");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    finished.countDown();
                }
            }
        });
        daos.put("sync", userDao("sync", Map.of("sync", "done")));
        FeatureStage s = stage("UserFeatureConfs.home", """
                {'FeatureLoadConfs':[
                  {'FeatureDaoConf':{'Name':'async','AdapterType':'redis','FeatureStore':'user','FeatureAsyncLoad':true}},
                  {'FeatureDaoConf':{'Name':'sync','AdapterType':'redis','FeatureStore':'user'}}]}""", true);
        User user = new User("u1");
        // the async DAO waits for "release", given only below: returning first proves it was not awaited
        s.loadUser(ctx(), user);
        assertThat(user.properties()).contains(entry("sync", "done")).doesNotContainKey("async");
        release.countDown();
        assertThat(finished.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(user.property("async")).isEqualTo("done");
        assertThat(errors("redis")).isEqualTo(0.0);
    }

    /** An in-process DAO ({@code FeatureDao.inProcess()}) loads on the calling thread; a remote one on the pool. */
    @Test
    void userStageRunsInProcessDaosOnTheCallingThread() {
        FeatureDao remote = userDao("redis", Map.of("city", "hz"));
        FeatureDao local = new FeatureDao() {
            @Override
            public boolean inProcess() {
                return true;
            }

            @Override
            public void loadUserFeatures(RecContext context, User user) {
                events.add("detail:user:" + Thread.currentThread().getName());
                user.setProperty("age", 30);
            }
        };
        daos.put("redis", remote);
        daos.put("detail_table", local);
        FeatureStage s = stage("UserFeatureConfs.home", """
                {'FeatureLoadConfs':[
                  {'FeatureDaoConf':{'AdapterType':'redis','FeatureStore':'user'}},
                  {'FeatureDaoConf':{'AdapterType':'detail_table','FeatureStore':'user'}}]}""", true);
        User user = new User("u1");
        String caller = Thread.currentThread().getName();
        s.loadUser(ctx(), user);
        assertThat(user.properties()).contains(entry("city", "hz"), entry("age", 30));
        assertThat(events).hasSize(2).contains("detail:user:" + caller)
                .anyMatch(e -> e.startsWith("redis:user:") && !e.equals("redis:user:" + caller));
    }

    @Test
    void userStageItemSideTransformsHaveNoItems() {
        FeatureStage s = stage("UserFeatureConfs.home", """
                {'FeatureLoadConfs':[{'FeatureDaoConf':{'FeatureStore':'user'},'Features':[
                  {'FeatureType':'raw_feature','FeatureName':'x','FeatureSource':'user:uid','FeatureStore':'item',
                   'RemoveFeatureSource':true}]}]}""", true);
        User user = new User("u1");
        s.loadUser(ctx(), user);
        assertThat(user.properties()).containsOnly(entry("uid", "u1"));
    }

    // ---------------------------------------------------------------- item stage

    @Test
    void itemStageSequentialRunsInOrderOnTheCallingThread() {
        daos.put("redis", userDao("redis", Map.of("gender", "female")));
        daos.put("hologres", itemDao("hologres", "title", "-title"));
        FeatureStage s = stage("FeatureConfs.home", """
                {'FeatureLoadConfs':[
                  {'FeatureDaoConf':{'AdapterType':'redis','FeatureStore':'user'},
                   'Features':[{'FeatureType':'raw_feature','FeatureName':'ug','FeatureStore':'item',
                                'FeatureSource':'user:gender'}]},
                  {'FeatureDaoConf':{'AdapterType':'hologres','FeatureStore':'item'},
                   'Features':[{'FeatureType':'compose_feature','FeatureName':'gt','FeatureStore':'item',
                                'FeatureSource':'item:ug,item:title'}]}]}""", false);
        User user = new User("u1");
        List<Item> items = List.of(new Item("1"), new Item("2"));
        String caller = Thread.currentThread().getName();
        s.loadItems(ctx(), user, items);
        assertThat(events).containsExactly("redis:user:" + caller, "hologres:items:" + caller);
        assertThat(user.property("gender")).isEqualTo("female");
        assertThat(items.get(0).properties()).contains(entry("ug", "female"), entry("title", "1-title"),
                entry("gt", "gt_female_1-title"));
        assertThat(items.get(1).property("gt")).isEqualTo("gt_female_2-title");
    }

    @Test
    void itemStageAsynLoadFeatureRunsEntriesInParallel() {
        CountDownLatch both = new CountDownLatch(2);
        FeatureDao meet = new FeatureDao() {
            @Override
            public void loadItemFeatures(RecContext context, User user, List<Item> items) {
                both.countDown();
                try {
                    if (both.await(5, TimeUnit.SECONDS)) {
                        items.forEach(i -> i.setProperty("met_" + Thread.currentThread().getName(), 1));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        daos.put("redis", meet);
        FeatureStage s = stage("FeatureConfs.home", """
                {'AsynLoadFeature':true,'FeatureLoadConfs':[
                  {'FeatureDaoConf':{'AdapterType':'redis','FeatureStore':'item'}},
                  {'FeatureDaoConf':{'AdapterType':'redis','FeatureStore':'item'}}]}""", false);
        Item item = new Item("1");
        // each load waits until both run at the same time: two marks prove they ran in parallel
        s.loadItems(ctx(), new User("u1"), List.of(item));
        assertThat(item.properties().keySet().stream().filter(k -> k.startsWith("met_"))).hasSize(2);
    }

    @Test
    void itemStageSequentialSurvivesAThrowingDao() {
        daos.put("bad", new FeatureDao() {
            @Override
            public void loadItemFeatures(RecContext context, User user, List<Item> items) {
                throw new IllegalStateException("boom");
            }
        });
        daos.put("good", itemDao("good", "p", "-p"));
        FeatureStage s = stage("FeatureConfs.home", """
                {'FeatureLoadConfs':[
                  {'FeatureDaoConf':{'Name':'bad','AdapterType':'hologres','FeatureStore':'item'}},
                  {'FeatureDaoConf':{'Name':'good','AdapterType':'redis','FeatureStore':'item'}}]}""", false);
        Item item = new Item("7");
        s.loadItems(ctx(), new User("u1"), List.of(item));
        assertThat(item.property("p")).isEqualTo("7-p");
        assertThat(errors("hologres")).isEqualTo(1.0);
        assertThat(errors("redis")).isEqualTo(0.0);
    }

    @Test
    void itemStageWithEmptyFeatureStoreLoadsItemFeaturesAsPaiRec() {
        daos.put("redis", itemDao("redis", "p", "-p"));
        FeatureStage s = stage("FeatureConfs.home",
                "{'FeatureLoadConfs':[{'FeatureDaoConf':{'AdapterType':'redis'}}]}", false);
        Item item = new Item("7");
        s.loadItems(ctx(), new User("u1"), List.of(item));
        assertThat(item.property("p")).isEqualTo("7-p");
    }

    @Test
    void contextFeatureInItemStage() {
        FeatureStage s = stage("FeatureConfs.home", """
                {'FeatureLoadConfs':[{'FeatureDaoConf':{},'Features':[{'FeatureType':'context_feature'},
                  {'FeatureType':'raw_feature','FeatureName':'c','FeatureSource':'user:city','FeatureStore':'item'}]}]}""",
                false);
        Map<String, Object> features = Map.of("city", "hz");
        RecContext ctx = RecContext.builder("r").sceneId("home").features(features).build();
        User user = new User("u1");
        Item item = new Item("1");
        s.loadItems(ctx, user, List.of(item));
        assertThat(user.property("city")).isEqualTo("hz");
        assertThat(item.property("c")).isEqualTo("hz");
    }

    // ---------------------------------------------------------------- building

    @Test
    void emptyConfigIsEmpty() {
        FeatureStage s = stage("FeatureConfs.home", "{}", false);
        assertThat(s.isEmpty()).isTrue();
        s.loadItems(ctx(), new User("u"), List.of());
        s.loadUser(ctx(), new User("u"));
        assertThat(s.daos()).isEmpty();
    }

    @Test
    void buildThrowsTheFirstProblem() {
        assertThatThrownBy(() -> stage("FeatureConfs.home",
                "{'FeatureLoadConfs':[{'Features':[{'FeatureType':'bogus'}]}]}", false))
                .isInstanceOf(ConfigException.class)
                .hasMessage("FeatureConfs.home.FeatureLoadConfs[0].Features[0], key FeatureType: unknown feature type "
                        + "\"bogus\"; known: raw_feature, new_feature, compose_feature, batch_raw_feature, "
                        + "context_feature, delete_feature");
    }

    @Test
    void worksWithoutARegistry() {
        daos.put("redis", new FeatureDao() {
            @Override
            public void loadUserFeatures(RecContext context, User user) {
                throw new IllegalStateException("boom");
            }
        });
        FeatureStage s = FeatureStage.build(conf("UserFeatureConfs.home",
                        "{'FeatureLoadConfs':[{'FeatureDaoConf':{'AdapterType':'redis','FeatureStore':'user'}}]}"),
                true, factory, executor, CLOCK);
        User user = new User("u");
        s.loadUser(ctx(), user);
        assertThat(user.properties()).containsOnlyKeys("uid");
    }

    @Test
    void aHangingAsyncLoadHoldsOnlyItsBulkheadAndLaterLoadsOfItAreRefusedAtOnce() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        daos.put("hanging", new FeatureDao() {
            @Override
            public void loadUserFeatures(RecContext context, User user) {
                calls.incrementAndGet();
                entered.countDown();
                boolean interrupted = false;
                while (true) {
                    try {
                        release.await(); // ignores interruption, as a client stuck in a socket read may
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Bulkhead bulkhead = Bulkhead.of("hanging", 1);
        FeatureStage s = FeatureStage.build(conf("UserFeatureConfs.home", """
                {'FeatureLoadConfs':[{'FeatureDaoConf':{'Name':'hanging','AdapterType':'redis','FeatureStore':'user',
                  'FeatureAsyncLoad':true}}]}"""), true, factory, executor, CLOCK, registry, c -> bulkhead);
        s.loadUser(ctx(), new User("u1"));
        assertThat(entered.await(30, TimeUnit.SECONDS)).as("first load running").isTrue();
        RecContext second = RecContext.builder("req-2").sceneId("home").debug(true).build();
        s.loadUser(second, new User("u2"));
        // the refusal happens on the thread that takes the second load
        long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (second.logs().isEmpty() && System.nanoTime() < guard) {
            Thread.sleep(1);
        }
        assertThat(second.logs()).singleElement().asString()
                .contains("adapter=redis", "feature load rejected (concurrency limit 1 reached)");
        assertThat(calls.get()).as("second load never started").isEqualTo(1);
        assertThat(registry.find(FeatureStage.ERRORS_METRIC).tags("outcome", "bulkhead").counter().count()).isEqualTo(1.0);
        release.countDown();
        while (bulkhead.inUse() > 0 && System.nanoTime() < guard) {
            Thread.sleep(1);
        }
        assertThat(bulkhead.inUse()).as("permit returned when the load ended").isZero();
    }
}
