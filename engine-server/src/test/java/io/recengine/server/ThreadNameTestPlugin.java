package io.recengine.server;

import io.recengine.spi.Item;
import io.recengine.spi.Plugin;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.RecallFactory;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Test plugin on the test class path: recall types {@code CallerThreadName} (in process) and
 * {@code PoolThreadName} (stands for a remote store) answer one item whose property {@code thread} is the
 * name of the thread that ran the recall ({@link FeedThreadsServerTest}). Only configs that name the
 * types use them.
 */
public final class ThreadNameTestPlugin implements Plugin {

    @Override
    public String name() {
        return "test-thread-name";
    }

    @Override
    public List<RecallFactory> recallFactories() {
        return List.of(factory("CallerThreadName", true), factory("PoolThreadName", false));
    }

    private static RecallFactory factory(String type, boolean inProcess) {
        return RecallFactory.of(type, Set.of(), (c, context) -> new ThreadName(c.name(), inProcess));
    }

    private record ThreadName(String name, boolean inProcess) implements Recall {
        @Override
        public List<Item> recall(RecContext ctx, User user) {
            Item item = new Item(name + "-item", name, 1.0);
            item.setProperty("thread", Thread.currentThread().getName());
            List<Item> out = new ArrayList<>();
            out.add(item);
            return out;
        }

        @Override
        public void close() {
        }
    }
}
