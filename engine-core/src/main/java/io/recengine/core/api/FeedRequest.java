package io.recengine.core.api;

import io.recengine.spi.TypedFeature;

import java.util.List;
import java.util.Map;

/**
 * A decoded {@code /api/rec/feed} (or {@code /api/recall}) body, defaults applied.
 *
 * @param uid                 user id (required)
 * @param size                items wanted; 10 when absent or not positive
 * @param sceneId             scene; {@code default_scene} when empty
 * @param category            category; {@code default} when empty
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
}
