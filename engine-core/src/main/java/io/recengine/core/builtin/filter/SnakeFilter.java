package io.recengine.core.builtin.filter;

import io.recengine.spi.ConfigReader;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * PAI-Rec's {@code SnakeFilter}: takes turns over the {@code AdjustCountConfs} recalls, each turn taking
 * its {@code Weight} best items (by that recall's score) until {@code RetainNum} items are placed or every
 * recall is spent. An item found by several recalls competes in each; the first to place it wins and the
 * item then carries that recall's name and score. When a recall's next item is already placed,
 * {@code SnakeType} {@code REFILL_ON_DUPLICATE} (default) takes the one after it in the same turn,
 * {@code SKIP_ON_DUPLICATE} lets the turn count it. Each placed item gets the property
 * {@code snake_filter}: every {@code recall:rank:score} it was met at, comma-joined.
 */
public final class SnakeFilter implements Filter {

    public static final String TYPE = "SnakeFilter";
    static final String PROPERTY = "snake_filter";
    static final String REFILL = "REFILL_ON_DUPLICATE";
    static final String SKIP = "SKIP_ON_DUPLICATE";

    private final List<AdjustCount> turns;
    private final int retainNum;
    private final boolean skipOnDuplicate;

    SnakeFilter(List<AdjustCount> turns, int retainNum, boolean skipOnDuplicate) {
        this.turns = turns;
        this.retainNum = retainNum;
        this.skipOnDuplicate = skipOnDuplicate;
    }

    @Override
    public FilterResult filter(RecContext context, User user, List<Item> items) {
        Set<String> placedIds = new HashSet<>();
        Map<String, List<String>> ranks = new HashMap<>();
        Map<String, Lane> lanes = new HashMap<>();
        List<Lane> order = new ArrayList<>(turns.size());
        for (AdjustCount t : turns) {
            Lane lane = new Lane(t.recallName(), placedIds, ranks);
            lanes.put(t.recallName(), lane);  // a recall listed twice: the later entry gets its items
            order.add(lane);
        }
        for (Item item : items) {
            Lane own = lanes.get(item.retrieveId());
            if (own != null) {
                own.add(item);
            }
            if (item.recallScores().size() > 1) {
                for (String recall : item.recallScores().keySet()) {
                    Lane other = recall.equals(item.retrieveId()) ? null : lanes.get(recall);
                    if (other != null) {
                        other.add(item);
                    }
                }
            }
        }
        lanes.values().forEach(Lane::sort);

        List<Item> kept = new ArrayList<>(retainNum);
        while (kept.size() < retainNum) {
            int placedThisRound = 0;
            for (int i = 0; i < turns.size(); i++) {
                placedThisRound += order.get(i).next(turns.get(i).weight(), kept);
            }
            if (placedThisRound == 0) {
                break;
            }
        }
        if (kept.size() > retainNum) {
            kept = new ArrayList<>(kept.subList(0, retainNum));
        }
        for (Item item : kept) {
            List<String> r = ranks.get(item.id());
            if (r != null) {
                item.setProperty(PROPERTY, String.join(",", r));
            }
        }
        return FilterResult.of(kept, ItemOrder.removed(items, kept));
    }

    /** One recall's candidates, best first by that recall's score, and how far its turns got. */
    private final class Lane {
        private final String recall;
        private final Set<String> placedIds;
        private final Map<String, List<String>> ranks;
        private final List<Item> items = new ArrayList<>();
        private final Map<String, Double> scores = new HashMap<>();
        private int index;

        Lane(String recall, Set<String> placedIds, Map<String, List<String>> ranks) {
            this.recall = recall;
            this.placedIds = placedIds;
            this.ranks = ranks;
        }

        void add(Item item) {
            items.add(item);
            double score = recall.equals(item.retrieveId()) ? item.score()
                    : item.recallScores().getOrDefault(recall, 0.0);
            scores.put(item.id(), score);
        }

        void sort() {
            items.sort((a, b) -> Double.compare(scores.get(b.id()), scores.get(a.id())));
        }

        /** Places up to {@code size} items into {@code out}; returns how many it placed. */
        int next(int size, List<Item> out) {
            int placed = 0;
            int turn = 0;
            while (turn < size && index < items.size()) {
                Item item = items.get(index);
                if (placedIds.add(item.id())) {
                    if (!recall.equals(item.retrieveId())) {
                        item.setRetrieveId(recall);
                        Double s = item.recallScores().get(recall);
                        if (s != null) {
                            item.setScore(s);
                        }
                    }
                    rank(item.id(), recall, item.score());
                    out.add(item);
                    placed++;
                    turn++;
                } else {
                    if (!recall.equals(item.retrieveId())) {
                        Double s = item.recallScores().get(recall);
                        if (s != null) {
                            rank(item.id(), recall, s);
                        }
                    } else {
                        rank(item.id(), recall, item.score());
                    }
                    if (skipOnDuplicate) {
                        turn++;
                    }
                }
                index++;
            }
            return placed;
        }

        private void rank(String id, String recallName, double score) {
            // Go's %f: six decimals
            ranks.computeIfAbsent(id, k -> new ArrayList<>())
                    .add(recallName + ":" + index + ":" + String.format(Locale.ROOT, "%f", score));
        }
    }

    record Settings(List<AdjustCount> turns, int retainNum, boolean skip) {
        static Settings read(ConfigReader r, String who) {
            List<AdjustCount> turns = AdjustCount.readAll(r, who, AdjustCount.Need.WEIGHT);
            if (!turns.isEmpty() && turns.stream().mapToInt(AdjustCount::weight).sum() == 0) {
                r.problem("AdjustCountConfs", "want at least one entry with a Weight >= 1, all are 0");
            }
            int retain = r.integer("RetainNum", 0, 1);
            if (r.config().raw("RetainNum") == null) {
                r.problem("RetainNum", "is required: how many items the snake places");
            }
            String type = r.string("SnakeType", REFILL);
            if (!REFILL.equals(type) && !SKIP.equals(type)) {
                r.problem("SnakeType", "want \"" + REFILL + "\" or \"" + SKIP + "\", got \"" + type + "\"");
            }
            return new Settings(turns, retain, SKIP.equals(type));
        }
    }

    /** Factory. */
    public static final class Factory extends SettingsFilterFactory<Settings> {
        public Factory() {
            super(TYPE);
        }

        @Override
        Settings read(ConfigReader r, String who) {
            return Settings.read(r, who);
        }

        @Override
        Filter build(Settings s, String who, PluginContext context) {
            return new SnakeFilter(s.turns(), s.retainNum(), s.skip());
        }
    }
}
