package io.recengine.core.feature;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code <side>:<property>} entry of a {@code FeatureSource}, split once at config load the way
 * PAI-Rec splits it per request ({@code strings.Split(s, ":")}, the second segment is the property;
 * {@code user:a:b} reads {@code a}).
 *
 * @param text   the entry as written
 * @param prefix the first segment ({@code user}, {@code item}, or anything else)
 * @param name   the second segment, or null when the entry has no {@code :}
 */
record SourceRef(String text, String prefix, String name) {

    static final String USER = "user";
    static final String ITEM = "item";

    static SourceRef parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length < 2) {
            return new SourceRef(text, text, null);
        }
        return new SourceRef(text, parts[0], parts[1]);
    }

    /** Comma-separated entries, as Go's {@code strings.Split(s, ",")}: no trimming, empty parts kept. */
    static List<SourceRef> parseList(String text) {
        List<SourceRef> out = new ArrayList<>();
        for (String s : splitComma(text)) {
            out.add(parse(s));
        }
        return List.copyOf(out);
    }

    static List<String> splitComma(String text) {
        return List.of(text.split(",", -1));
    }

    /** Has a property part (PAI-Rec skips entries without one). */
    boolean hasName() {
        return name != null;
    }

    boolean isUser() {
        return USER.equals(prefix);
    }

    /** A well-formed source: {@code user:<prop>} or {@code item:<prop>} with a non-empty property. */
    boolean wellFormed() {
        return name != null && !name.isEmpty() && (USER.equals(prefix) || ITEM.equals(prefix));
    }
}
