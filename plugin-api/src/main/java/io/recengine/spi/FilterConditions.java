package io.recengine.spi;

import java.util.Map;

/**
 * PAI-Rec's condition lists ({@code Conditions}, {@code FilterParams}: {@code [{Name, Domain, Operator, Type,
 * Value}]}) as the engine reads them, offered to plugins through
 * {@code PluginContext.service(FilterConditions.class)}: a plugin filter that takes conditions (an exposure
 * filter with conditions, an item state filter on a datastore) reads them exactly as the built-in filters do,
 * with the same operators and the same messages, and needs no evaluator of its own.
 */
public interface FilterConditions {

    /**
     * Reads the list {@code key} of {@code owner} (absent or empty: a condition that always holds).
     *
     * @param component the component named in messages, e.g. {@code filter 'exposure'}
     * @throws ConfigException naming the component, the condition ({@code key[i]}) and its key, when one does
     *                         not parse
     */
    Condition read(ComponentConfig owner, String component, String key);

    /** A compiled condition list: every condition must hold. Immutable and thread-safe. */
    interface Condition {

        /**
         * Evaluates the conditions; {@code user} holds the user's properties (domain {@code user}),
         * {@code item} the item's (domain {@code item}, the default).
         */
        boolean test(Map<String, Object> user, Map<String, Object> item);

        /** Whether there is no condition (then {@link #test} always holds). */
        boolean isEmpty();
    }
}
