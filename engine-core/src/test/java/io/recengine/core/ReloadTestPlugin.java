package io.recengine.core;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Datasource;
import io.recengine.spi.DatasourceFactory;
import io.recengine.spi.Item;
import io.recengine.spi.Plugin;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.RecallFactory;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Test plugin for hot reload, registered through a test class loader (see {@link RecEngineReloadTest}):
 * recall {@code Items} answers the ids of its {@code Items} key (and takes the {@code TestStoreConfs}
 * datasource named by {@code Store}, when set); recall {@code Gate} does the same once the test opens its
 * gate; with {@code "Fail": true} creating either throws. Every instance records its close. State is static because the engine builds the instances.
 */
public final class ReloadTestPlugin implements Plugin {

    /** The components closed so far, as "recall:NAME:ITEMS" or "store:NAME". */
    static final Queue<String> CLOSED = new ConcurrentLinkedQueue<>();
    static volatile CountDownLatch gateEntered = new CountDownLatch(1);
    static volatile CountDownLatch gate = new CountDownLatch(1);

    static void reset() {
        CLOSED.clear();
        gate.countDown();
        gateEntered = new CountDownLatch(1);
        gate = new CountDownLatch(1);
    }

    /** A recall that answers fixed ids; {@code gated} ones wait for the test's gate first. */
    static final class ItemsRecall implements Recall {
        final String label;
        final List<String> ids;
        final boolean gated;
        final Datasource store;

        ItemsRecall(ComponentConfig c, PluginContext context, boolean gated) {
            if (c.bool("Fail", false)) {
                throw new IllegalStateException("recall " + c.name() + " cannot connect");
            }
            this.label = "recall:" + c.name() + ":" + c.string("Items");
            this.ids = List.of(c.string("Items").split(","));
            this.gated = gated;
            this.store = c.string("Store").isEmpty() ? null : context.datasource("TestStoreConfs", c.string("Store"), Datasource.class);
        }

        @Override
        public List<Item> recall(RecContext context, User user) {
            if (gated) {
                gateEntered.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            List<Item> out = new ArrayList<>();
            for (String id : ids) {
                out.add(new Item(id));
            }
            return out;
        }

        @Override
        public void close() {
            CLOSED.add(label);
        }
    }

    @Override
    public List<RecallFactory> recallFactories() {
        return List.of(factory("Items", false), factory("Gate", true));
    }

    @Override
    public List<DatasourceFactory> datasourceFactories() {
        return List.of(new DatasourceFactory() {
            @Override
            public String type() {
                return "TestStoreConfs";
            }

            @Override
            public Datasource create(ComponentConfig config, PluginContext context) {
                String name = config.path();
                return new Datasource() {
                    @Override
                    public void close() {
                        CLOSED.add("store:" + name);
                    }
                };
            }
        });
    }

    private static RecallFactory factory(String type, boolean gated) {
        return new RecallFactory() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Recall create(ComponentConfig config, PluginContext context) {
                return new ItemsRecall(config, context, gated);
            }
        };
    }
}
