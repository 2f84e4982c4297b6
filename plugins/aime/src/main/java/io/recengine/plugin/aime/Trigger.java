package io.recengine.plugin.aime;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.User;
import io.recengine.spi.Values;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Builds a {@code trigger_list} from the user ({@code BeRecallParams[].TriggerType}). An empty answer
 * means no trigger: the recall then sends nothing.
 */
interface Trigger {

    String value(User user);

    /**
     * <ul>
     *   <li>{@code user} (PAI-Rec): {@code UserTriggers[{TriggerKey, DefaultValue}]}, the values joined by
     *       {@code _}, weight 1: {@code a_b:1};</li>
     *   <li>{@code fixvalue} (PAI-Rec): {@code TriggerValue} as is;</li>
     *   <li>{@code user_sequence} (ours): a behaviour-sequence user feature {@code TriggerFeature} (a list,
     *       or text split on {@code Delimiter}, default {@code ,}), each element {@code id} or
     *       {@code id:weight}, de-duplicated, at most {@code TriggerLimit} (default 50):
     *       {@code id:1,id2:0.5};</li>
     *   <li>{@code user_embedding} (ours): a user embedding feature {@code EmbeddingFeature} (a list of
     *       numbers, or text with {@code ,} between dimensions and {@code ;} between vectors).</li>
     * </ul>
     */
    static Trigger of(ComponentConfig p) {
        String type = p.string("TriggerType").toLowerCase(Locale.ROOT);
        switch (type) {
            case "user" -> {
                List<String[]> keys = new ArrayList<>();
                for (ComponentConfig t : p.children("UserTriggers")) {
                    keys.add(new String[] {t.require("TriggerKey"), t.string("DefaultValue", "NULL")});
                }
                if (keys.isEmpty()) {
                    throw new ConfigException(p.component(), "UserTriggers", "is required for TriggerType user");
                }
                return user -> {
                    StringBuilder sb = new StringBuilder();
                    for (String[] k : keys) {
                        String v = user.stringProperty(k[0]);
                        if (sb.length() > 0) {
                            sb.append('_');
                        }
                        sb.append(v.isEmpty() ? k[1] : v);
                    }
                    return sb + ":1";
                };
            }
            case "fixvalue" -> {
                String v = p.require("TriggerValue");
                return user -> v;
            }
            case "user_sequence" -> {
                String feature = p.require("TriggerFeature");
                String delimiter = p.string("Delimiter", ",");
                int limit = p.integer("TriggerLimit", 50);
                if (limit <= 0) {
                    throw new ConfigException(p.component(), "TriggerLimit", "must be > 0");
                }
                java.util.regex.Pattern separator = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(delimiter));
                return user -> sequence(user.property(feature), separator, limit);
            }
            case "user_embedding" -> {
                String feature = p.require("EmbeddingFeature");
                return user -> embedding(user.property(feature));
            }
            default -> throw new ConfigException(p.component(), "TriggerType", type.isEmpty()
                    ? "is required (user, fixvalue, user_sequence or user_embedding)"
                    : "unsupported \"" + type + "\"; supported: user, fixvalue, user_sequence, user_embedding");
        }
    }

    /** White space, brackets and bars around or inside an embedding's text; compiled once, not per request. */
    java.util.regex.Pattern NOT_IN_EMBEDDING = java.util.regex.Pattern.compile("[\\s|\\[\\]]+");

    static String sequence(Object v, java.util.regex.Pattern separator, int limit) {
        List<String> parts = new ArrayList<>();
        if (v instanceof List<?> l) {
            l.forEach(o -> parts.add(Values.text(o)));
        } else {
            String s = Values.text(v);
            if (!s.isEmpty()) {
                for (String x : separator.split(s)) {
                    parts.add(x);
                }
            }
        }
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            String t = part.trim();
            if (t.isEmpty()) {
                continue;
            }
            int colon = t.lastIndexOf(':');
            String key = colon < 0 ? t : t.substring(0, colon);
            String weight = colon < 0 ? "1" : t.substring(colon + 1);
            if (key.isEmpty() || !keys.add(key)) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(key).append(':').append(weight);
            if (keys.size() >= limit) {
                break;
            }
        }
        return sb.toString();
    }

    static String embedding(Object v) {
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder();
            for (Object o : l) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(Values.text(o));
            }
            return sb.toString();
        }
        return NOT_IN_EMBEDDING.matcher(Values.text(v)).replaceAll("");
    }
}
