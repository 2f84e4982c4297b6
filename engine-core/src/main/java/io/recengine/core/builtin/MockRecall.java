package io.recengine.core.builtin;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.RecallFactory;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * PAI-Rec's {@code MockRecall}: {@code RecallCount} random item ids (unsigned 32-bit, as text) with
 * random scores in [0, 1). For scaffolding and load tests; ids are not stable between requests.
 */
public final class MockRecall implements Recall {

    public static final String TYPE = "MockRecall";
    /** PAI-Rec's default when {@code RecallCount} is absent. */
    static final int DEFAULT_COUNT = 100;

    private final String name;
    private final int count;

    MockRecall(String name, int count) {
        this.name = name;
        this.count = count;
    }

    @Override
    public List<Item> recall(RecContext context, User user) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        List<Item> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new Item(Long.toString(rnd.nextLong(1L << 32)), name, rnd.nextDouble()));
        }
        return out;
    }

    /** Builds its items from memory (the request, a random source): no reason to leave the request thread. */
    @Override
    public boolean inProcess() {
        return true;
    }

    /** Factory. */
    public static final class Factory implements RecallFactory {
        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public List<ConfigException> check(ComponentConfig config) {
            int n = config.integer("RecallCount", DEFAULT_COUNT);
            if (n < 0 || n > 100_000) {
                return List.of(new ConfigException("recall " + config.component(), "RecallCount",
                        "must be between 0 and 100000, got " + n));
            }
            return List.of();
        }

        @Override
        public Recall create(ComponentConfig config, PluginContext context) {
            requireValid(config);
            int n = config.integer("RecallCount", 0);
            return new MockRecall(config.string("Name", TYPE), n <= 0 ? DEFAULT_COUNT : n);
        }
    }
}
