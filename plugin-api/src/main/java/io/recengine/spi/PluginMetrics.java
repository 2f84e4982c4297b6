package io.recengine.spi;

/**
 * A small metrics facade the engine backs with its registry (Prometheus on {@code /metrics}). Names are
 * dotted lower-case ({@code hologres.query}); the engine prefixes them with {@code recengine.plugin.}.
 * Tags are key/value pairs with bounded cardinality (never ids). Thread-safe.
 */
public interface PluginMetrics {

    /** Adds one to a counter. */
    void increment(String name, String... tags);

    /** Records a duration in nanoseconds into a timer. */
    void recordNanos(String name, long nanos, String... tags);

    /** A facade that records nothing, for tests. */
    PluginMetrics NOOP = new PluginMetrics() {
        @Override
        public void increment(String name, String... tags) {
        }

        @Override
        public void recordNanos(String name, long nanos, String... tags) {
        }
    };
}
