package io.recengine.core.feature;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@code Features} transforms of PAI-Rec's {@code service/feature} ({@code FeatureType}
 * {@code raw_feature}, {@code new_feature}, {@code compose_feature}, {@code batch_raw_feature},
 * {@code delete_feature}, {@code context_feature}). Everything the Go code parses per request
 * ({@code FeatureSource} splitting, normalizer lookup) is parsed here once.
 *
 * <p>Config keys of an entry: {@code FeatureType}, {@code FeatureName}, {@code FeatureSource},
 * {@code FeatureValue} (when non-empty it <em>replaces</em> {@code FeatureSource}, exactly as PAI-Rec),
 * {@code FeatureStore} ({@code item} = item side, anything else = user side), {@code RemoveFeatureSource},
 * {@code Normalizer}, {@code Expression}.
 */
public final class FeatureTransforms {

    public static final String RAW_FEATURE = "raw_feature";
    public static final String NEW_FEATURE = "new_feature";
    public static final String COMPOSE_FEATURE = "compose_feature";
    public static final String BATCH_RAW_FEATURE = "batch_raw_feature";
    public static final String CONTEXT_FEATURE = "context_feature";
    public static final String DELETE_FEATURE = "delete_feature";

    /** The supported {@code FeatureType} values. */
    public static final List<String> FEATURE_TYPES = List.of(RAW_FEATURE, NEW_FEATURE, COMPOSE_FEATURE,
            BATCH_RAW_FEATURE, CONTEXT_FEATURE, DELETE_FEATURE);

    private FeatureTransforms() {
    }

    /**
     * Builds one {@code Features} entry.
     *
     * @throws ConfigException the first problem {@link #check} would report
     */
    public static FeatureTransform build(ComponentConfig featureConf, Clock clock) {
        Problems problems = new Problems();
        FeatureTransform t = parse(featureConf, clock, ZoneId.systemDefault(), problems);
        problems.throwFirst();
        return t;
    }

    /** Every problem of one {@code Features} entry. */
    public static List<ConfigException> check(ComponentConfig featureConf) {
        Problems problems = new Problems();
        parse(featureConf, Clock.systemDefaultZone(), ZoneId.systemDefault(), problems);
        return problems.list();
    }

    /** Parses and validates; returns null when a problem was recorded. */
    static FeatureTransform parse(ComponentConfig c, Clock clock, ZoneId zone, Problems problems) {
        int before = problems.size();
        String type = problems.string(c, "FeatureType");
        String name = problems.string(c, "FeatureName");
        String rawSource = problems.string(c, "FeatureSource");
        String value = problems.string(c, "FeatureValue");
        String store = problems.string(c, "FeatureStore");
        boolean remove = problems.bool(c, "RemoveFeatureSource");
        String normalizerName = problems.string(c, "Normalizer");
        String expression = problems.string(c, "Expression");

        // PAI-Rec: source := FeatureSource; if FeatureValue != "" { source = FeatureValue }
        String source = value.isEmpty() ? rawSource : value;
        String sourceKey = value.isEmpty() ? "FeatureSource" : "FeatureValue";

        if (!store.isEmpty() && !SourceRef.USER.equals(store) && !SourceRef.ITEM.equals(store)) {
            problems.add(c, "FeatureStore", "must be \"user\" or \"item\", got \"" + store + "\"");
        }
        boolean itemSide = SourceRef.ITEM.equals(store);

        Normalizer normalizer = null;
        if (Normalizers.EXPRESSION.equals(normalizerName) || Normalizers.EXPR.equals(normalizerName)) {
            if (expression.isEmpty()) {
                problems.add(c, "Expression", "is required for the " + normalizerName + " normalizer");
            } else {
                try {
                    normalizer = Normalizers.of(normalizerName, clock, zone, expression);
                } catch (io.recengine.core.expr.Expression.SyntaxException e) {
                    problems.add(c, "Expression", "invalid expression: " + e.getMessage());
                }
            }
        } else if (!normalizerName.isEmpty()) {
            normalizer = Normalizers.of(normalizerName, clock, zone);
            if (normalizer == null) {
                if (Normalizers.NOT_SUPPORTED_YET.contains(normalizerName)) {
                    problems.add(c, "Normalizer", "normalizer \"" + normalizerName
                            + "\" is not supported yet (it needs the expression engine); supported: "
                            + String.join(", ", Normalizers.KNOWN));
                } else {
                    problems.add(c, "Normalizer", "unknown normalizer \"" + normalizerName + "\"; known: "
                            + String.join(", ", Normalizers.KNOWN));
                }
            }
        }

        FeatureTransform t = null;
        switch (type) {
            case RAW_FEATURE -> {
                requireName(c, name, problems);
                SourceRef ref = SourceRef.parse(source);
                checkSource(c, sourceKey, source, ref, problems);
                t = new RawFeature(name, ref.hasName() ? ref : null, remove, normalizer, itemSide);
            }
            case COMPOSE_FEATURE -> {
                requireName(c, name, problems);
                List<SourceRef> refs = SourceRef.parseList(source);
                if (source.isEmpty()) {
                    problems.add(c, sourceKey, "is required for " + type);
                } else {
                    for (SourceRef ref : refs) {
                        checkSource(c, sourceKey, source, ref, problems);
                    }
                }
                t = new ComposeFeature(name, refs.stream().filter(SourceRef::hasName).toList(), remove, itemSide);
            }
            case BATCH_RAW_FEATURE -> {
                requireName(c, name, problems);
                List<String> names = SourceRef.splitComma(name);
                List<SourceRef> refs = SourceRef.parseList(source);
                if (source.isEmpty()) {
                    problems.add(c, sourceKey, "is required for " + type);
                } else {
                    if (names.size() != refs.size()) {
                        problems.add(c, "FeatureName", "lists " + names.size() + " name(s) but " + sourceKey
                                + " lists " + refs.size() + " source(s); batch_raw_feature pairs them one to one");
                    }
                    for (SourceRef ref : refs) {
                        checkSource(c, sourceKey, source, ref, problems);
                    }
                }
                if (!name.isEmpty() && names.stream().anyMatch(String::isEmpty)) {
                    problems.add(c, "FeatureName", "has an empty name in \"" + name + "\"");
                }
                if (names.size() == refs.size()) {
                    t = new BatchRawFeature(names, refs, itemSide);
                }
            }
            case DELETE_FEATURE -> {
                List<String> props = new ArrayList<>();
                if (source.isEmpty()) {
                    problems.add(c, sourceKey, "is required for " + type);
                }
                for (SourceRef ref : SourceRef.parseList(source)) {
                    // PAI-Rec: "<side>:<prop>" deletes <prop>, a bare "<prop>" deletes <prop>
                    String prop = ref.hasName() ? ref.name() : ref.prefix();
                    if (!source.isEmpty() && (prop.isEmpty() || (ref.hasName() && !ref.wellFormed()))) {
                        problems.add(c, sourceKey, "entry \"" + ref.text() + "\" of \"" + source
                                + "\" must be a property name, user:<property> or item:<property>");
                    }
                    props.add(prop);
                }
                t = new DeleteFeature(props, itemSide);
            }
            case NEW_FEATURE -> {
                requireName(c, name, problems);
                if (normalizerName.isEmpty()) {
                    problems.add(c, "Normalizer", "is required for new_feature; known: "
                            + String.join(", ", Normalizers.KNOWN));
                }
                t = new NewFeature(name, normalizer, source, itemSide);
                if (normalizer instanceof Normalizers.ExpressionNormalizer) {
                    SourceRef ref = SourceRef.parse(source);
                    ((NewFeature) t).expressionSource = source.isEmpty() || "item:recall_name".equals(source)
                            || !ref.hasName() ? null : ref;
                }
            }
            case CONTEXT_FEATURE -> t = new ContextFeature(itemSide);
            default -> problems.add(c, "FeatureType", "unknown feature type \"" + type + "\"; known: "
                    + String.join(", ", FEATURE_TYPES));
        }
        return problems.size() == before ? t : null;
    }

    private static void requireName(ComponentConfig c, String name, Problems problems) {
        if (name.isEmpty()) {
            problems.add(c, "FeatureName", "is required");
        }
    }

    private static void checkSource(ComponentConfig c, String key, String source, SourceRef ref, Problems problems) {
        if (source.isEmpty()) {
            problems.add(c, key, "is required");
        } else if (!ref.wellFormed()) {
            problems.add(c, key, "entry \"" + ref.text() + "\" of \"" + source
                    + "\" must be user:<property> or item:<property>");
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Transforms. User side: PAI-Rec's UserTransOp; item side (FeatureStore "item"): ItemTransOp per item.

    /** {@code raw_feature}: copies a property as text; item-side item sources go through the normalizer. */
    static final class RawFeature implements FeatureTransform {
        private final String name;
        private final SourceRef source; // null: PAI-Rec does nothing
        private final boolean remove;
        private final Normalizer normalizer;
        private final boolean itemSide;

        RawFeature(String name, SourceRef source, boolean remove, Normalizer normalizer, boolean itemSide) {
            this.name = name;
            this.source = source;
            this.remove = remove;
            this.normalizer = normalizer;
            this.itemSide = itemSide;
        }

        @Override
        public void apply(RecContext context, User user, List<Item> items) {
            if (source == null) {
                return;
            }
            String prop = source.name();
            if (!itemSide) {
                // the prefix is ignored: the user property is read; the normalizer is ignored
                user.setProperty(name, user.stringProperty(prop));
                if (remove) {
                    user.removeProperty(prop);
                }
            } else if (source.isUser()) {
                // read once, copied to every item, removed after the loop (PAI-Rec removes it inside the
                // loop so that only the first item receives the value)
                if (items.isEmpty()) {
                    return;
                }
                String v = user.stringProperty(prop);
                for (Item item : items) {
                    item.setProperty(name, v);
                }
                if (remove) {
                    user.removeProperty(prop);
                }
            } else {
                for (Item item : items) {
                    Object v = item.stringProperty(prop);
                    if (normalizer != null) {
                        v = normalizer.apply(v);
                    }
                    item.setProperty(name, v);
                    if (remove) {
                        item.removeProperty(prop);
                    }
                }
            }
        }
    }

    /** {@code compose_feature}: user side {@code _v1_v2}, item side {@code <FeatureName>_v1_v2}. */
    static final class ComposeFeature implements FeatureTransform {
        private final String name;
        private final List<SourceRef> sources;
        private final boolean remove;
        private final boolean itemSide;

        ComposeFeature(String name, List<SourceRef> sources, boolean remove, boolean itemSide) {
            this.name = name;
            this.sources = List.copyOf(sources);
            this.remove = remove;
            this.itemSide = itemSide;
        }

        @Override
        public void apply(RecContext context, User user, List<Item> items) {
            if (!itemSide) {
                StringBuilder sb = new StringBuilder();
                for (SourceRef s : sources) {
                    sb.append('_').append(user.stringProperty(s.name()));
                    if (remove) {
                        user.removeProperty(s.name());
                    }
                }
                user.setProperty(name, sb.toString());
                return;
            }
            for (Item item : items) {
                StringBuilder sb = new StringBuilder(name);
                for (SourceRef s : sources) {
                    if (s.isUser()) {
                        sb.append('_').append(user.stringProperty(s.name())); // user sources are never removed
                    } else {
                        sb.append('_').append("id".equals(s.name()) ? item.id() : item.stringProperty(s.name()));
                        if (remove) {
                            item.removeProperty(s.name());
                        }
                    }
                }
                item.setProperty(name, sb.toString());
            }
        }
    }

    /** {@code batch_raw_feature}: {@code FeatureName[i]} = text of {@code FeatureSource[i]}; no removal. */
    static final class BatchRawFeature implements FeatureTransform {
        private final List<String> names;
        private final List<SourceRef> sources;
        private final boolean itemSide;

        BatchRawFeature(List<String> names, List<SourceRef> sources, boolean itemSide) {
            this.names = List.copyOf(names);
            this.sources = List.copyOf(sources);
            this.itemSide = itemSide;
        }

        @Override
        public void apply(RecContext context, User user, List<Item> items) {
            if (!itemSide) {
                for (int i = 0; i < sources.size(); i++) {
                    SourceRef s = sources.get(i);
                    if (s.hasName()) {
                        user.setProperty(names.get(i), user.stringProperty(s.name()));
                    }
                }
                return;
            }
            for (Item item : items) {
                for (int i = 0; i < sources.size(); i++) {
                    SourceRef s = sources.get(i);
                    if (s.hasName()) {
                        item.setProperty(names.get(i),
                                s.isUser() ? user.stringProperty(s.name()) : item.stringProperty(s.name()));
                    }
                }
            }
        }
    }

    /** {@code delete_feature}: removes the listed properties from the user or from every item. */
    static final class DeleteFeature implements FeatureTransform {
        private final List<String> props;
        private final boolean itemSide;

        DeleteFeature(List<String> props, boolean itemSide) {
            this.props = List.copyOf(props);
            this.itemSide = itemSide;
        }

        @Override
        public void apply(RecContext context, User user, List<Item> items) {
            if (!itemSide) {
                props.forEach(user::removeProperty);
                return;
            }
            for (Item item : items) {
                props.forEach(item::removeProperty);
            }
        }
    }

    /**
     * {@code new_feature}: the normalizer's value. User side {@code const_value} writes the (effective)
     * source text, i.e. {@code FeatureValue}. Item side {@code const_value} yields null as in PAI-Rec,
     * which here removes the property. Boolean results become 1/0.
     */
    static final class NewFeature implements FeatureTransform {
        private final String name;
        private final Normalizer normalizer;
        private final String constValue;
        private final boolean itemSide;
        /** Expression normalizers, item side: {@code FeatureSource} {@code user:x}/{@code item:x} (only x visible). */
        SourceRef expressionSource;

        NewFeature(String name, Normalizer normalizer, String constValue, boolean itemSide) {
            this.name = name;
            this.normalizer = normalizer;
            this.constValue = constValue;
            this.itemSide = itemSide;
        }

        @Override
        public void apply(RecContext context, User user, List<Item> items) {
            if (normalizer == null) {
                return;
            }
            if (normalizer instanceof Normalizers.ExpressionNormalizer en) {
                if (!itemSide) {
                    user.setProperty(name, en.evaluateUser(user));
                    return;
                }
                long now = en.nowSeconds();
                for (Item item : items) {
                    item.setProperty(name, en.evaluateItem(user, item, expressionSource, now));
                }
                return;
            }
            if (!itemSide) {
                if (normalizer instanceof Normalizers.ConstValueNormalizer) {
                    user.setProperty(name, constValue);
                } else {
                    user.setProperty(name, boolToInt(normalizer.apply(null)));
                }
                return;
            }
            for (Item item : items) {
                item.setProperty(name, boolToInt(normalizer.apply(null)));
            }
        }

        private static Object boolToInt(Object v) {
            return v instanceof Boolean b ? (b ? 1 : 0) : v;
        }
    }

    /** {@code context_feature}: merges the request {@code features} into the user; no-op on the item side. */
    static final class ContextFeature implements FeatureTransform {
        private final boolean itemSide;

        ContextFeature(boolean itemSide) {
            this.itemSide = itemSide;
        }

        @Override
        public void apply(RecContext context, User user, List<Item> items) {
            if (!itemSide) {
                user.setProperties(context.features());
            }
        }
    }
}
