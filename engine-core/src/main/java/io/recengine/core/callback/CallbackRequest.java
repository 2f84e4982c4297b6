package io.recengine.core.callback;

import io.recengine.spi.TypedFeature;

import java.util.List;
import java.util.Map;

/**
 * One callback to log, from {@code POST /api/callback} or from the automatic callback after a feed.
 *
 * @param sceneId             the scene (without {@code _callback})
 * @param requestId           the request id, echoed and logged
 * @param uid                 the user id
 * @param features            request features, {@code complex_type_features} merged in
 * @param complexTypeFeatures the typed features as sent
 * @param itemList            {@code item_list}: each map has a non-empty {@code item_id} string
 * @param requestInfo         {@code request_info}, logged as JSON ({@code {}} when absent)
 * @param debug               the request's {@code debug} flag
 * @param auto                true when built by the automatic callback (for metrics)
 */
public record CallbackRequest(String sceneId, String requestId, String uid, Map<String, Object> features,
                              List<TypedFeature> complexTypeFeatures, List<Map<String, Object>> itemList,
                              Map<String, Object> requestInfo, boolean debug, boolean auto) {
}
