package io.recengine.core.builtin;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterFactory;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An exposure filter kept in the engine's memory, for the embedded defaults (no database): drops
 * items the user was shown within {@code TimeInterval} seconds (default one day), at most
 * {@code MaxItems} remembered per user (default 500), for at most {@code MaxUsers} users (least
 * recently served dropped first, default 100,000). With {@code WriteLog} the answered items are
 * recorded after the response, as PAI-Rec's {@code User2ItemExposureFilter} does with its tables.
 * History is lost on restart; use the Hologres exposure filter where it must last.
 */
public final class LocalExposureFilter implements Filter {

    public static final String TYPE = "LocalExposureFilter";

    private record Shown(String itemId, long atMillis) {
    }

    private final long intervalMillis;
    private final int maxItems;
    private final boolean writeLog;
    private final Clock clock;
    private final Map<String, ArrayDeque<Shown>> history;

    LocalExposureFilter(long intervalSeconds, int maxItems, int maxUsers, boolean writeLog, Clock clock) {
        this.intervalMillis = intervalSeconds * 1000;
        this.maxItems = maxItems;
        this.writeLog = writeLog;
        this.clock = clock;
        this.history = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Shown>> eldest) {
                return size() > maxUsers;
            }
        };
    }

    @Override
    public FilterResult filter(RecContext context, User user, List<Item> items) {
        Set<String> seen = seen(user.id());
        return FilterResult.withoutIds(items, seen);
    }

    private Set<String> seen(String uid) {
        long cutoff = clock.millis() - intervalMillis;
        synchronized (history) {
            ArrayDeque<Shown> q = history.get(uid);
            if (q == null) {
                return Set.of();
            }
            Set<String> out = new HashSet<>(q.size() * 2);
            for (Iterator<Shown> it = q.iterator(); it.hasNext(); ) {
                Shown s = it.next();
                if (s.atMillis() < cutoff) {
                    it.remove();
                } else {
                    out.add(s.itemId());
                }
            }
            return out;
        }
    }

    /** Only with {@code WriteLog}: the answered items are recorded after the response. */
    @Override
    public boolean hasAfterResponse() {
        return writeLog;
    }

    @Override
    public void afterResponse(RecContext context, User user, List<Item> items) {
        if (!writeLog || items.isEmpty()) {
            return;
        }
        long now = clock.millis();
        synchronized (history) {
            ArrayDeque<Shown> q = history.computeIfAbsent(user.id(), k -> new ArrayDeque<>());
            for (Item item : items) {
                q.addLast(new Shown(item.id(), now));
            }
            while (q.size() > maxItems) {
                q.removeFirst();
            }
        }
    }

    /** Factory. */
    public static final class Factory implements FilterFactory {
        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public List<ConfigException> check(ComponentConfig config) {
            List<ConfigException> out = new ArrayList<>();
            String who = "filter " + config.component();
            if (config.integer("TimeInterval", 86_400) <= 0) {
                out.add(new ConfigException(who, "TimeInterval", "must be a positive number of seconds"));
            }
            if (config.integer("MaxItems", 500) <= 0) {
                out.add(new ConfigException(who, "MaxItems", "must be positive"));
            }
            if (config.integer("MaxUsers", 100_000) <= 0) {
                out.add(new ConfigException(who, "MaxUsers", "must be positive"));
            }
            return out;
        }

        @Override
        public Filter create(ComponentConfig config, PluginContext context) {
            requireValid(config);
            return new LocalExposureFilter(config.integer("TimeInterval", 86_400), config.integer("MaxItems", 500),
                    config.integer("MaxUsers", 100_000), config.bool("WriteLog", false), context.clock());
        }
    }
}
