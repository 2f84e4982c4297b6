package io.recengine.plugin.redis;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import io.recengine.testkit.TestPluginContext;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Item features for 1,000 items from a real redis-server: the redis feature DAO (hash and string layouts,
 * cold, and with its local cache warm) against one hand-written pipeline of HGETALL and one hand-written MGET
 * of the same keys on the same pool, same run. Not a test: run it with {@code bench/redis-features.sh}.
 */
public final class RedisFeatureBench {

    private static final int ITEMS = 1000;

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path dir = Files.createTempDirectory("redis-bench");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        try {
            awaitPort(port);
            RedisDatasource ds = new RedisDatasource("r", ComponentConfig.of("RedisConfs.r",
                    Map.of("Host", "127.0.0.1", "Port", port, "ReadTimeout", 2000, "MaxIdle", 16)), null);
            ds.call("seed", j -> {
                Pipeline p = j.pipelined();
                for (int i = 0; i < 5000; i++) {
                    p.hset("ih_item" + i, Map.of("category", "c" + i % 20, "price", Double.toString(i * 0.5),
                            "sales", Integer.toString(i * 7), "title", "title of item " + i));
                    p.set("is_item" + i, "category:c" + i % 20 + ",price:" + i * 0.5 + ",sales:" + i * 7 + ",title:t" + i);
                }
                p.sync();
                return null;
            });
            ExecutorService executor = Executors.newFixedThreadPool(4);
            PluginContext context = TestPluginContext.builder().executor(executor).datasource("RedisConfs", "r", ds).build();
            Map<String, Object> hashConf = new HashMap<>(Map.of("RedisName", "r", "FeatureStore", "item", "FeatureKey",
                    "item:id", "RedisPrefix", "ih_", "RedisDataType", "hash"));
            RedisFeatureDao hash = new RedisFeatureDao(ComponentConfig.of("bench", hashConf), context);
            hashConf.put("CacheSize", 100_000);
            RedisFeatureDao cached = new RedisFeatureDao(ComponentConfig.of("bench", hashConf), context);
            RedisFeatureDao string = new RedisFeatureDao(ComponentConfig.of("bench", Map.of("RedisName", "r",
                    "FeatureStore", "item", "FeatureKey", "item:id", "RedisPrefix", "is_")), context);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < ITEMS; i++) {
                ids.add("item" + (i * 5 % 5000));
            }
            RecContext ctx = RecContext.builder("bench").build();
            User user = new User("u");

            LongSupplier handHash = () -> timed(ids, items -> ds.call("bench", j -> {
                Pipeline p = j.pipelined();
                List<Response<Map<String, String>>> rs = new ArrayList<>(ITEMS);
                for (Item it : items) {
                    rs.add(p.hgetAll("ih_" + it.id()));
                }
                p.sync();
                for (int i = 0; i < ITEMS; i++) {
                    items.get(i).setProperties(rs.get(i).get());
                }
                return null;
            }));
            LongSupplier handMget = () -> timed(ids, items -> ds.call("bench", (Jedis j) -> {
                String[] keys = new String[ITEMS];
                for (int i = 0; i < ITEMS; i++) {
                    keys[i] = "is_" + items.get(i).id();
                }
                List<String> values = j.mget(keys);
                for (int i = 0; i < ITEMS; i++) {
                    items.get(i).setProperties(RedisValues.csv(values.get(i), ",", true));
                }
                return null;
            }));
            LongSupplier daoHash = () -> timed(ids, items -> hash.loadItemFeatures(ctx, user, items));
            LongSupplier daoString = () -> timed(ids, items -> string.loadItemFeatures(ctx, user, items));
            LongSupplier daoWarm = () -> timed(ids, items -> cached.loadItemFeatures(ctx, user, items));

            System.out.printf("redis item features, %d items, %d warm-up + %d measured calls each, %d cores, %s%n",
                    ITEMS, warmup, runs, Runtime.getRuntime().availableProcessors(), Runtime.version());
            LongSupplier[] variants = {handHash, daoHash, handMget, daoString, daoWarm};
            String[] names = {"hand-written pipeline, 1000 HGETALL", "redis DAO hash (10 pipelined chunks of 100)",
                    "hand-written MGET of 1000 keys (csv)", "redis DAO string (10 MGET chunks of 100)",
                    "redis DAO hash, local cache warm (CacheSize)"};
            long[][] samples = new long[variants.length][runs];
            for (int i = 0; i < warmup; i++) {
                for (LongSupplier v : variants) {
                    v.getAsLong();
                }
            }
            // interleaved rounds so that drift affects all variants alike
            for (int i = 0; i < runs; i++) {
                for (int v = 0; v < variants.length; v++) {
                    samples[v][i] = variants[v].getAsLong();
                }
            }
            for (int v = 0; v < variants.length; v++) {
                long[] s = samples[v];
                Arrays.sort(s);
                System.out.printf("%-46s p50 %8.3f ms   p90 %8.3f ms   p99 %8.3f ms%n", names[v],
                        s[s.length / 2] / 1e6, s[(int) (s.length * 0.9)] / 1e6, s[(int) (s.length * 0.99)] / 1e6);
            }
            executor.shutdownNow();
            ds.close();
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private interface Load {
        void load(List<Item> items);
    }

    private static long timed(List<String> ids, Load load) {
        List<Item> items = new ArrayList<>(ids.size());
        for (String id : ids) {
            items.add(new Item(id));
        }
        long t0 = System.nanoTime();
        load.load(items);
        long t = System.nanoTime() - t0;
        for (Item it : items) {
            if (it.property("category") == null) {
                throw new IllegalStateException("no features for " + it.id());
            }
        }
        return t;
    }

    private static void awaitPort(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("redis-server did not start on " + port);
    }
}
