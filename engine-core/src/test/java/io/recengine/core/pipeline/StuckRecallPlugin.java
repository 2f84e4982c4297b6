package io.recengine.core.pipeline;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.Plugin;
import io.recengine.spi.PluginContext;
import io.recengine.spi.Recall;
import io.recengine.spi.RecallFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test plugin with two recall types: {@code Stuck}, which blocks, ignoring interruption, until the test
 * {@link #release releases} it (a recall whose store hangs and which does not honour cancellation), and
 * {@code Fixed}, which answers the ids of its {@code Items} key at once. Registered through a test class
 * loader (see {@link StuckRecallTest}); state is static because the engine builds the instances.
 */
public final class StuckRecallPlugin implements Plugin {

    private static volatile CountDownLatch gate = new CountDownLatch(1);
    /** Stuck calls running now, and the most that ever ran at once. */
    static final AtomicInteger RUNNING = new AtomicInteger();
    static final AtomicInteger MAX_RUNNING = new AtomicInteger();
    static final AtomicInteger ENTERED = new AtomicInteger();

    static void reset() {
        gate.countDown();
        gate = new CountDownLatch(1);
        RUNNING.set(0);
        MAX_RUNNING.set(0);
        ENTERED.set(0);
    }

    /** Lets every stuck call (and every later one) return. */
    static void release() {
        gate.countDown();
    }

    @Override
    public List<RecallFactory> recallFactories() {
        return List.of(factory("Stuck", config -> (ctx, user) -> {
            int now = RUNNING.incrementAndGet();
            ENTERED.incrementAndGet();
            MAX_RUNNING.accumulateAndGet(now, Math::max);
            try {
                boolean interrupted = false;
                while (true) {
                    try {
                        gate.await();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true; // swallowed: this recall ignores cancellation
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return new ArrayList<>(List.of(new Item("stuck-1")));
            } finally {
                RUNNING.decrementAndGet();
            }
        }), factory("Fixed", config -> {
            List<String> ids = List.of(config.string("Items").split(","));
            return (ctx, user) -> {
                List<Item> out = new ArrayList<>();
                for (String id : ids) {
                    out.add(new Item(id));
                }
                return out;
            };
        }));
    }

    private static RecallFactory factory(String type, java.util.function.Function<ComponentConfig, Recall> make) {
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
