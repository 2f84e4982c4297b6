package io.recengine.core.pipeline;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.FeatureDao;
import io.recengine.spi.FeatureDaoFactory;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterFactory;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.ItemScores;
import io.recengine.spi.Plugin;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Ranker;
import io.recengine.spi.RankerFactory;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.RecallFactory;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test components for the stages around a scene's rank (registered through a test class loader, as
 * {@link StuckRecallPlugin}; state is static because the engine builds the instances):
 * <ul>
 *   <li>recall {@code Listed}: {@code Items} "id:score,..." with retrieve id = its {@code Name}, and
 *       {@code Props} "key=value,..." set on every item;</li>
 *   <li>recall {@code Gated}: {@code Items} as {@code Listed}, answered only once the test opens the gate;</li>
 *   <li>ranker {@code Table}: {@code Scores} "id=score,..." (unknown ids unscored); records the ids of
 *       every batch it got, by algo name; with {@code Meet: true} it answers only once another {@code Meet}
 *       ranker has been called too (or after {@link #GUARD_S}), and records in {@link #MET} whether it met
 *       one: two models that run one after the other never meet;</li>
 *   <li>feature DAO {@code ListDao}: the row of item {@code -1} has {@code item_ids} = {@code Ids}; other
 *       items get {@code Feature} = "loaded"; counts the reads of {@code -1};</li>
 *   <li>filter {@code Exposure}: keeps everything, and records every after-response list (an exposure log).</li>
 * </ul>
 */
public final class StagesTestPlugin implements Plugin {

    static volatile CountDownLatch gate = new CountDownLatch(1);
    static final Map<String, List<List<String>>> BATCHES = new ConcurrentHashMap<>();
    static final AtomicInteger LIST_READS = new AtomicInteger();
    static final LinkedBlockingQueue<List<String>> EXPOSED = new LinkedBlockingQueue<>();
    /** Turns a ranker that waits for another in vain into a failure instead of a hang. */
    static final long GUARD_S = 30;
    static volatile CountDownLatch meeting = new CountDownLatch(2);
    static final Map<String, Boolean> MET = new ConcurrentHashMap<>();

    static void reset() {
        gate.countDown();
        gate = new CountDownLatch(1);
        BATCHES.clear();
        LIST_READS.set(0);
        EXPOSED.clear();
        meeting = new CountDownLatch(2);
        MET.clear();
    }

    /** A registry with this plugin and the engine's own, loaded through a class loader rooted in {@code dir}. */
    static io.recengine.core.plugin.PluginRegistry registry(java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path services = dir.resolve("cl/META-INF/services");
        java.nio.file.Files.createDirectories(services);
        java.nio.file.Files.writeString(services.resolve("io.recengine.spi.Plugin"), StagesTestPlugin.class.getName() + "\n");
        return io.recengine.core.plugin.PluginRegistry.load(new java.net.URLClassLoader(
                new java.net.URL[]{dir.resolve("cl").toUri().toURL()}, StagesTestPlugin.class.getClassLoader()), null);
    }

    static List<String> ids(List<Item> items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.id()));
        return out;
    }

    private static List<Item> items(ComponentConfig c) {
        List<Item> out = new ArrayList<>();
        Map<String, String> props = pairs(c.string("Props"), "=");
        for (Map.Entry<String, String> e : pairs(c.string("Items"), ":").entrySet()) {
            Item it = new Item(e.getKey(), c.name(), e.getValue().isEmpty() ? 0 : Double.parseDouble(e.getValue()));
            props.forEach(it::setProperty);
            out.add(it);
        }
        return out;
    }

    private static Map<String, String> pairs(String text, String sep) {
        Map<String, String> m = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return m;
        }
        for (String p : text.split(",")) {
            int i = p.indexOf(sep);
            m.put(i < 0 ? p : p.substring(0, i), i < 0 ? "" : p.substring(i + 1));
        }
        return m;
    }

    @Override
    public List<RecallFactory> recallFactories() {
        return List.of(recall("Listed", c -> (ctx, user) -> items(c)), recall("Gated", c -> (ctx, user) -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new ArrayList<>();
            }
            return items(c);
        }));
    }

    @Override
    public List<RankerFactory> rankerFactories() {
        return List.of(new RankerFactory() {
            @Override
            public String type() {
                return "Table";
            }

            @Override
            public Ranker create(ComponentConfig c, PluginContext context) {
                Map<String, String> scores = pairs(c.string("Scores"), "=");
                String algo = c.name();
                boolean meet = c.bool("Meet", false);
                return (RankRequest r) -> {
                    BATCHES.computeIfAbsent(algo, k -> new CopyOnWriteArrayList<>()).add(ids(r.items()));
                    if (meet) {
                        CountDownLatch m = meeting;
                        m.countDown();
                        try {
                            MET.put(algo, m.await(GUARD_S, TimeUnit.SECONDS));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            MET.put(algo, false);
                        }
                    }
                    List<ItemScores> out = new ArrayList<>();
                    for (Item it : r.items()) {
                        String s = scores.get(it.id());
                        out.add(s == null ? ItemScores.EMPTY : ItemScores.of(Double.parseDouble(s)));
                    }
                    return out;
                };
            }
        });
    }

    @Override
    public List<FeatureDaoFactory> featureDaoFactories() {
        return List.of(new FeatureDaoFactory() {
            @Override
            public String type() {
                return "ListDao";
            }

            @Override
            public FeatureDao create(ComponentConfig c, PluginContext context) {
                String ids = c.string("Ids");
                return new FeatureDao() {
                    @Override
                    public void loadItemFeatures(RecContext ctx, User user, List<Item> items) {
                        for (Item it : items) {
                            if (it.id().equals("-1")) {
                                LIST_READS.incrementAndGet();
                                it.setProperty("item_ids", ids);
                            } else {
                                it.setProperty("Feature", "loaded");
                            }
                        }
                    }

                    @Override
                    public boolean inProcess() {
                        return true;
                    }
                };
            }
        });
    }

    @Override
    public List<FilterFactory> filterFactories() {
        return List.of(new FilterFactory() {
            @Override
            public String type() {
                return "Exposure";
            }

            @Override
            public Filter create(ComponentConfig c, PluginContext context) {
                return new Filter() {
                    @Override
                    public FilterResult filter(RecContext ctx, User user, List<Item> items) {
                        return FilterResult.keepAll(items);
                    }

                    @Override
                    public boolean hasAfterResponse() {
                        return true;
                    }

                    @Override
                    public void afterResponse(RecContext ctx, User user, List<Item> items) {
                        EXPOSED.add(ids(items));
                    }
                };
            }
        });
    }

    private static RecallFactory recall(String type, java.util.function.Function<ComponentConfig, Recall> make) {
        return new RecallFactory() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Recall create(ComponentConfig config, PluginContext context) {
                return make.apply(config);
            }
        };
    }
}
