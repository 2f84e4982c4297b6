package io.recengine.core.request;

import io.recengine.spi.Item;

import java.util.List;

/**
 * The answer of a recall-only request ({@code /api/recall}): the merged recall candidates.
 *
 * @param code      {@link FeedResult#OK}, {@link FeedResult#NOT_ENOUGH} or {@link FeedResult#ENGINE_ERROR}
 * @param msg       PAI-Rec's message for the code
 * @param requestId the request's id
 * @param items     the candidates (id and retrieve id)
 */
public record RecallResult(int code, String msg, String requestId, List<Item> items) {

    /** The answer of a request the engine failed on. */
    public static RecallResult engineError(String requestId) {
        return new RecallResult(FeedResult.ENGINE_ERROR, FeedResult.messageFor(FeedResult.ENGINE_ERROR), requestId,
                List.of());
    }
}
