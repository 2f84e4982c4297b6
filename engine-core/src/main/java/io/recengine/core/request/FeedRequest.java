package io.recengine.core.request;

import io.recengine.spi.TypedFeature;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A feed (or recall) request, defaults applied. The server decodes it from PAI-Rec's JSON body; in-process
 * callers build it with {@link #builder(String)}.
 *
 * @param uid                 user id (required)
 * @param size                items wanted; {@value #DEFAULT_SIZE} when absent or not positive
 * @param sceneId             scene; {@value #DEFAULT_SCENE} when empty
 * @param category            category; {@value #DEFAULT_CATEGORY} when empty
 * @param requestId           given or a random UUID
 * @param debug               debug flag
 * @param features            request features with complex features merged in (mutable, owned)
 * @param complexTypeFeatures typed features as sent
 * @param itemId              trigger item id, {@code ""} when absent
 * @param itemList            the {@code item_list} objects
 */
public record FeedRequest(String uid, int size, String sceneId, String category, String requestId, boolean debug,
                          Map<String, Object> features, List<TypedFeature> complexTypeFeatures, String itemId,
                          List<Map<String, Object>> itemList) {

    /** The scene PAI-Rec uses when {@code scene_id} is empty. */
    public static final String DEFAULT_SCENE = "default_scene";
    /** The category PAI-Rec uses when {@code category} is empty. */
    public static final String DEFAULT_CATEGORY = "default";
    /** The size PAI-Rec uses when {@code size} is absent or not positive. */
    public static final int DEFAULT_SIZE = 10;

    /** A request of user {@code uid}, defaults for everything else. */
    public static Builder builder(String uid) {
        return new Builder(uid);
    }

    /** Builds a request; unset or empty values take PAI-Rec's defaults. Not thread-safe. */
    public static final class Builder {
        private final String uid;
        private int size;
        private String sceneId = "";
        private String category = "";
        private String requestId = "";
        private boolean debug;
        private final Map<String, Object> features = new LinkedHashMap<>();
        private final List<TypedFeature> complex = new ArrayList<>();
        private String itemId = "";
        private final List<Map<String, Object>> itemList = new ArrayList<>();

        private Builder(String uid) {
            this.uid = uid;
        }

        public Builder size(int size) {
            this.size = size;
            return this;
        }

        public Builder sceneId(String sceneId) {
            this.sceneId = sceneId == null ? "" : sceneId;
            return this;
        }

        public Builder category(String category) {
            this.category = category == null ? "" : category;
            return this;
        }

        public Builder requestId(String requestId) {
            this.requestId = requestId == null ? "" : requestId;
            return this;
        }

        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        /** Adds request features (null values are dropped). */
        public Builder features(Map<String, ?> features) {
            features.forEach((k, v) -> {
                if (v != null) {
                    this.features.put(k, v);
                }
            });
            return this;
        }

        /** Adds typed features; their values are also merged into the features, as PAI-Rec does. */
        public Builder complexTypeFeatures(List<TypedFeature> typed) {
            for (TypedFeature tf : typed) {
                complex.add(tf);
                if (tf.value() != null) {
                    features.put(tf.name(), tf.value());
                }
            }
            return this;
        }

        public Builder itemId(String itemId) {
            this.itemId = itemId == null ? "" : itemId;
            return this;
        }

        public Builder itemList(List<Map<String, Object>> items) {
            itemList.addAll(items);
            return this;
        }

        public FeedRequest build() {
            return new FeedRequest(uid, size <= 0 ? DEFAULT_SIZE : size, sceneId.isEmpty() ? DEFAULT_SCENE : sceneId,
                    category.isEmpty() ? DEFAULT_CATEGORY : category,
                    requestId.isEmpty() ? UUID.randomUUID().toString() : requestId, debug, features,
                    List.copyOf(complex), itemId, itemList);
        }
    }
}
