package io.recengine.plugin.hologres;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * Item features for 1,000 items: the hologres feature DAO (cold, i.e. no cache; and with its local cache
 * warm) against one hand-written JDBC query of the same rows on the same pool, same run, same server.
 * Not a test: run it with {@code bench/hologres-features.sh}.
 */
public final class HologresFeatureBench {

    private static final int ITEMS = 1000;

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        try (EmbeddedPg pg = EmbeddedPg.start()) {
            Fixtures.createTables(pg);
            Fixtures.insertItemFeatures(pg, 5000);
            pg.execute("ANALYZE item_features");
            HologresDatasource db = Fixtures.datasource(pg, "holo");
            ExecutorService executor = Executors.newFixedThreadPool(4);
            PluginContext context = Fixtures.context(Map.of("holo", db), executor, Clock.systemUTC());
            Map<String, Object> conf = new HashMap<>(Map.of("HologresName", "holo", "FeatureStore", "item",
                    "FeatureKey", "item:id", "ItemFeatureKeyName", "item_id", "ItemSelectFields", "category,price,sales,title",
                    "HologresTableName", "item_features"));
            HologresFeatureDao cold = new HologresFeatureDao(ComponentConfig.of("bench", conf), context);
            conf.put("CacheSize", 100_000);
            HologresFeatureDao cached = new HologresFeatureDao(ComponentConfig.of("bench", conf), context);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < ITEMS; i++) {
                ids.add("item" + (i * 5 % 5000));
            }
            RecContext ctx = RecContext.builder("bench").build();
            User user = new User("u");
            String sql = "SELECT item_id, category, price, sales, title FROM item_features WHERE item_id IN ("
                    + HologresFeatureDao.placeholders(ITEMS) + ")";

            LongSupplier dao = () -> {
                List<Item> items = items(ids);
                long t0 = System.nanoTime();
                cold.loadItemFeatures(ctx, user, items);
                long t = System.nanoTime() - t0;
                check(items);
                return t;
            };
            LongSupplier daoWarm = () -> {
                List<Item> items = items(ids);
                long t0 = System.nanoTime();
                cached.loadItemFeatures(ctx, user, items);
                long t = System.nanoTime() - t0;
                check(items);
                return t;
            };
            LongSupplier jdbc = () -> {
                List<Item> items = items(ids);
                long t0 = System.nanoTime();
                Map<String, Item> byId = new HashMap<>();
                for (Item it : items) {
                    byId.put(it.id(), it);
                }
                try (Connection c = db.pool().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < ITEMS; i++) {
                        ps.setString(i + 1, ids.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Item it = byId.get(rs.getString(1));
                            it.setProperty("category", rs.getString(2));
                            it.setProperty("price", rs.getDouble(3));
                            it.setProperty("sales", rs.getLong(4));
                            String title = rs.getString(5);
                            if (title != null) {
                                it.setProperty("title", title);
                            }
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                long t = System.nanoTime() - t0;
                check(items);
                return t;
            };
            System.out.printf("hologres item features, %d items, %d warm-up + %d measured calls each, %d cores, %s%n",
                    ITEMS, warmup, runs, Runtime.getRuntime().availableProcessors(), Runtime.version());
            // interleaved rounds so that drift affects all variants alike
            long[][] samples = new long[3][runs];
            LongSupplier[] variants = {jdbc, dao, daoWarm};
            String[] names = {"hand-written JDBC, one IN(1000) query", "hologres DAO, cold (2 parallel chunks of 600)",
                    "hologres DAO, local cache warm (CacheSize)"};
            for (int i = 0; i < warmup; i++) {
                for (LongSupplier v : variants) {
                    v.getAsLong();
                }
            }
            for (int i = 0; i < runs; i++) {
                for (int v = 0; v < variants.length; v++) {
                    samples[v][i] = variants[v].getAsLong();
                }
            }
            for (int v = 0; v < variants.length; v++) {
                long[] s = samples[v];
                Arrays.sort(s);
                System.out.printf("%-48s p50 %8.3f ms   p90 %8.3f ms   p99 %8.3f ms%n", names[v],
                        s[s.length / 2] / 1e6, s[(int) (s.length * 0.9)] / 1e6, s[(int) (s.length * 0.99)] / 1e6);
            }
            executor.shutdownNow();
            db.close();
        }
    }

    private static List<Item> items(List<String> ids) {
        List<Item> items = new ArrayList<>(ids.size());
        for (String id : ids) {
            items.add(new Item(id));
        }
        return items;
    }

    private static void check(List<Item> items) {
        for (Item it : items) {
            if (it.property("category") == null) {
                throw new IllegalStateException("no features for " + it.id());
            }
        }
    }
}
