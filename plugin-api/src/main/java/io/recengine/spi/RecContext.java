package io.recengine.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request as the pipeline sees it: ids, scene, category, size, the request's features and item
 * list, the A/B result, the deadline, and the debug log.
 *
 * <p>The request fields are immutable. {@link #log} is thread-safe and records lines only when
 * {@link #debug()} is on (they are returned as {@code logs} in the response).
 */
public final class RecContext {

    private final String requestId;
    private final String sceneId;
    private final String category;
    private final int size;
    private final boolean debug;
    private final String itemId;
    private final Map<String, Object> features;
    private final List<TypedFeature> complexTypeFeatures;
    private final List<Map<String, Object>> itemList;
    private final String experimentId;
    private final Map<String, Object> abParams;
    private final long deadlineNanos;
    private final List<String> logs;

    private RecContext(Builder b) {
        this.requestId = Objects.requireNonNull(b.requestId, "requestId");
        this.sceneId = b.sceneId == null ? "" : b.sceneId;
        this.category = b.category == null || b.category.isEmpty() ? "default" : b.category;
        this.size = b.size;
        this.debug = b.debug;
        this.itemId = b.itemId == null ? "" : b.itemId;
        this.features = b.features == null ? Map.of() : Collections.unmodifiableMap(b.features);
        this.complexTypeFeatures = b.complexTypeFeatures == null ? List.of() : List.copyOf(b.complexTypeFeatures);
        this.itemList = b.itemList == null ? List.of() : Collections.unmodifiableList(b.itemList);
        this.experimentId = b.experimentId == null ? "" : b.experimentId;
        this.abParams = b.abParams == null ? Map.of() : Collections.unmodifiableMap(b.abParams);
        this.deadlineNanos = b.deadlineNanos;
        this.logs = b.debug ? Collections.synchronizedList(new ArrayList<>()) : null;
    }

    public static Builder builder(String requestId) {
        return new Builder(requestId);
    }

    /** A builder preset with this context's fields, for derived contexts (for example a callback run). */
    public Builder toBuilder() {
        Builder b = new Builder(requestId);
        b.sceneId = sceneId;
        b.category = category;
        b.size = size;
        b.debug = debug;
        b.itemId = itemId;
        b.features = features;
        b.complexTypeFeatures = complexTypeFeatures;
        b.itemList = itemList;
        b.experimentId = experimentId;
        b.abParams = abParams;
        b.deadlineNanos = deadlineNanos;
        return b;
    }

    public String requestId() {
        return requestId;
    }

    public String sceneId() {
        return sceneId;
    }

    /** The request's category, {@code default} when none was given. */
    public String category() {
        return category;
    }

    /** The number of items asked for. */
    public int size() {
        return size;
    }

    public boolean debug() {
        return debug;
    }

    /** The trigger item of similar-item recalls ({@code item_id}), {@code ""} when absent. */
    public String itemId() {
        return itemId;
    }

    /** Request features, with {@code complex_type_features} merged in; unmodifiable. */
    public Map<String, Object> features() {
        return features;
    }

    /** The typed request features, in request order. */
    public List<TypedFeature> complexTypeFeatures() {
        return complexTypeFeatures;
    }

    /** The request's {@code item_list} objects; unmodifiable. */
    public List<Map<String, Object>> itemList() {
        return itemList;
    }

    /** The A/B experiment id, {@code ""} without A/B testing. */
    public String experimentId() {
        return experimentId;
    }

    /** The A/B parameters of the matched experiment; empty without A/B testing. */
    public Map<String, Object> abParams() {
        return abParams;
    }

    /**
     * One parameter of the request's experiments (merged over the matched layers): a String, Number,
     * Boolean, List or Map as written in the experiment's JSON; null when no experiment sets it.
     */
    public Object experimentParam(String name) {
        return abParams.get(name);
    }

    /** {@link #experimentParam} as text (a number as written), or {@code fallback} when absent or not scalar. */
    public String experimentParam(String name, String fallback) {
        Object v = abParams.get(name);
        return v == null || v instanceof Map || v instanceof List ? fallback : Values.text(v);
    }

    /** {@link #experimentParam} as a number (numeric text parsed), or {@code fallback}. */
    public double experimentParam(String name, double fallback) {
        return Values.toDouble(abParams.get(name), fallback);
    }

    /** The request deadline on the {@link System#nanoTime()} scale; {@link Long#MAX_VALUE} for none. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /** Nanoseconds left until the deadline (negative when past). */
    public long remainingNanos() {
        return deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
    }

    /** Adds a debug line ({@code [INFO] ...}); a no-op unless {@link #debug()}. */
    public void log(String level, String message) {
        if (logs != null) {
            logs.add("[" + level + "] requestId=" + requestId + "\t" + message);
        }
    }

    /** The debug lines so far, a copy; empty unless {@link #debug()}. */
    public List<String> logs() {
        if (logs == null) {
            return List.of();
        }
        synchronized (logs) {
            return List.copyOf(logs);
        }
    }

    /** Builds a {@link RecContext}. Not thread-safe. */
    public static final class Builder {
        private final String requestId;
        private String sceneId;
        private String category;
        private int size = 10;
        private boolean debug;
        private String itemId;
        private Map<String, Object> features;
        private List<TypedFeature> complexTypeFeatures;
        private List<Map<String, Object>> itemList;
        private String experimentId;
        private Map<String, Object> abParams;
        private long deadlineNanos = Long.MAX_VALUE;

        private Builder(String requestId) {
            this.requestId = requestId;
        }

        public Builder sceneId(String v) {
            this.sceneId = v;
            return this;
        }

        public Builder category(String v) {
            this.category = v;
            return this;
        }

        public Builder size(int v) {
            this.size = v;
            return this;
        }

        public Builder debug(boolean v) {
            this.debug = v;
            return this;
        }

        public Builder itemId(String v) {
            this.itemId = v;
            return this;
        }

        /** Taken as is (not copied): do not modify it afterwards. */
        public Builder features(Map<String, Object> v) {
            this.features = v;
            return this;
        }

        public Builder complexTypeFeatures(List<TypedFeature> v) {
            this.complexTypeFeatures = v;
            return this;
        }

        /** Taken as is (not copied): do not modify it afterwards. */
        public Builder itemList(List<Map<String, Object>> v) {
            this.itemList = v;
            return this;
        }

        public Builder experimentId(String v) {
            this.experimentId = v;
            return this;
        }

        public Builder abParams(Map<String, Object> v) {
            this.abParams = v;
            return this;
        }

        public Builder deadlineNanos(long v) {
            this.deadlineNanos = v;
            return this;
        }

        public RecContext build() {
            return new RecContext(this);
        }
    }
}
