package io.recengine.server;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.ItemScores;
import io.recengine.spi.Plugin;
import io.recengine.spi.PluginContext;
import io.recengine.spi.Ranker;
import io.recengine.spi.RankerFactory;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.RecallFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only plugin for {@code SceneStagesIT} and {@code bench/fallback-load.sh}, shipped as its own plugin
 * folder (built from the test classes): recall {@code Sleeping} answers {@code Items} ("id:score,...",
 * every item with {@code Props} "key=value,..."); when the request's feature {@code slow} is true it first
 * sleeps {@code SleepMs} and answers {@code SlowItems} instead (a store that is late past the scene's
 * fallback {@code Timeout}). Ranker {@code Table} scores ids from {@code Scores} ("id=score,...").
 */
public final class SleepingRecallTestPlugin implements Plugin {

    @Override
    public List<RecallFactory> recallFactories() {
        return List.of(new SleepingFactory());
    }

    @Override
    public List<RankerFactory> rankerFactories() {
        return List.of(new TableFactory());
    }

    static Map<String, String> pairs(String text, String sep) {
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

    static final class SleepingFactory implements RecallFactory {
        @Override
        public String type() {
            return "Sleeping";
        }

        @Override
        public Recall create(ComponentConfig c, PluginContext context) {
            return new Sleeping(c.name(), pairs(c.string("Items"), ":"), pairs(c.string("SlowItems"), ":"),
                    pairs(c.string("Props"), "="), c.integer("SleepMs", 0));
        }
    }

    record Sleeping(String name, Map<String, String> items, Map<String, String> slowItems, Map<String, String> props,
                    int sleepMs) implements Recall {
        @Override
        public List<Item> recall(RecContext ctx, io.recengine.spi.User user) {
            Object slow = ctx.features().get("slow");
            boolean isSlow = Boolean.TRUE.equals(slow) || "true".equals(slow);
            if (isSlow) {
                try {
                    Thread.sleep(sleepMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new ArrayList<>();
                }
            }
            List<Item> out = new ArrayList<>();
            (isSlow && !slowItems.isEmpty() ? slowItems : items).forEach((id, score) -> {
                Item it = new Item(id, name, score.isEmpty() ? 0 : Double.parseDouble(score));
                props.forEach(it::setProperty);
                out.add(it);
            });
            return out;
        }
    }

    static final class TableFactory implements RankerFactory {
        @Override
        public String type() {
            return "Table";
        }

        @Override
        public Ranker create(ComponentConfig c, PluginContext context) {
            Map<String, String> scores = pairs(c.string("Scores"), "=");
            return request -> {
                List<ItemScores> out = new ArrayList<>();
                for (Item it : request.items()) {
                    String s = scores.get(it.id());
                    out.add(s == null ? ItemScores.EMPTY : ItemScores.of(Double.parseDouble(s)));
                }
                return out;
            };
        }
    }
}
