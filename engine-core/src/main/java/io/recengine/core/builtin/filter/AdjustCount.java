package io.recengine.core.builtin.filter;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.ConfigReader;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of PAI-Rec's {@code AdjustCountConfs}: how many items of one recall ({@code RecallName}) a
 * count filter keeps. {@code Type} is {@code fix} (this entry's own count) or {@code accumulator}
 * ({@code Count} is the running total after this entry); {@code Weight} is the snake filter's share.
 */
record AdjustCount(String recallName, int count, String type, int weight) {

    static final String FIX = "fix";
    static final String ACCUMULATOR = "accumulator";

    boolean fixed() {
        return FIX.equals(type);
    }

    /** What each count filter requires of an entry beyond {@code RecallName}. */
    enum Need { COUNT_AND_TYPE, WEIGHT }

    /**
     * Reads {@code AdjustCountConfs} of a filter: at least one entry, every entry with a
     * {@code RecallName} and what {@code need} asks for. Problems go to {@code r}.
     */
    static List<AdjustCount> readAll(ConfigReader r, String component, Need need) {
        List<ComponentConfig> entries;
        try {
            entries = r.config().children("AdjustCountConfs");
        } catch (ConfigException e) {
            r.problem(e);
            return List.of();
        }
        if (entries.isEmpty()) {
            r.problem("AdjustCountConfs", "want at least one {\"RecallName\", ...} entry, got none");
            return List.of();
        }
        List<AdjustCount> out = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            ConfigReader e = new ConfigReader(entries.get(i), component + " AdjustCountConfs[" + i + "]");
            String recall = e.require("RecallName");
            int count = 0;
            String type = "";
            int weight = 0;
            if (need == Need.COUNT_AND_TYPE) {
                count = e.integer("Count", 0, 0);
                type = e.string("Type", "");
                if (!FIX.equals(type) && !ACCUMULATOR.equals(type)) {
                    e.problem("Type", "want \"" + FIX + "\" or \"" + ACCUMULATOR + "\", got \"" + type + "\"");
                }
            } else {
                weight = e.integer("Weight", 0, 0);
            }
            e.problems().forEach(r::problem);
            out.add(new AdjustCount(recall, count, type, weight));
        }
        return List.copyOf(out);
    }
}
