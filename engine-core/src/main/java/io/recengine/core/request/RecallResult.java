package io.recengine.core.request;

import io.recengine.core.pipeline.RecallFailure;
import io.recengine.spi.Item;

import java.util.List;

/**
 * The answer of a recall-only request ({@code /api/recall}): the merged recall candidates and what failed.
 *
 * @param code      {@link FeedResult#OK}, {@link FeedResult#NOT_ENOUGH} or {@link FeedResult#ENGINE_ERROR}
 * @param msg       PAI-Rec's message for the code
 * @param requestId the request's id
 * @param items     the candidates (id and retrieve id)
 * @param errors    every recall that contributed nothing because it failed, timed out or was refused, in
 *                  {@code RecallNames} order: name, outcome and a neutral line such as
 *                  {@code recall 'be_x2i' failed (dependency)} (no exception text: hosts, URLs and class names
 *                  stay in the engine's log)
 */
public record RecallResult(int code, String msg, String requestId, List<Item> items, List<RecallFailure> errors) {

    public RecallResult {
        items = List.copyOf(items);
        errors = List.copyOf(errors);
    }

    /** The answer of a request the engine failed on. */
    public static RecallResult engineError(String requestId) {
        return new RecallResult(FeedResult.ENGINE_ERROR, FeedResult.messageFor(FeedResult.ENGINE_ERROR), requestId,
                List.of(), List.of());
    }
}
