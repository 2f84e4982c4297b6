package io.recengine.core.request;

import io.recengine.spi.Item;

import java.util.List;

/**
 * The answer of a feed request, before any wire format: PAI-Rec's body code and message, the items in
 * their final order and what the response shows of them.
 *
 * @param code         PAI-Rec's body code: {@link #OK} (enough items), {@link #NOT_ENOUGH} (fewer than
 *                     asked) or {@link #ENGINE_ERROR} (the engine failed; no items)
 * @param msg          the message PAI-Rec writes beside the code
 * @param requestId    the request's id (given or generated)
 * @param experimentId the experiment id, {@code ""} without A/B
 * @param items        the answer's items, in order
 * @param outputFields the category's {@code OutputFields} (what the item's {@code extra} shows)
 * @param debug        the request's debug flag (positions and logs are shown)
 * @param logs         the request's debug logs
 */
public record FeedResult(int code, String msg, String requestId, String experimentId, List<Item> items,
                         List<String> outputFields, boolean debug, List<String> logs) {

    /** Enough items. */
    public static final int OK = 200;
    /** Fewer items than asked ({@code items size not enough}). */
    public static final int NOT_ENOUGH = 299;
    /** The engine failed ({@code server error}); the request was valid. */
    public static final int ENGINE_ERROR = 500;

    /** {@link #OK} or {@link #NOT_ENOUGH} by the number of items, with PAI-Rec's messages. */
    static int codeFor(int items, int wanted) {
        return items >= wanted ? OK : NOT_ENOUGH;
    }

    static String messageFor(int code) {
        return switch (code) {
            case OK -> "success";
            case NOT_ENOUGH -> "items size not enough";
            default -> "server error";
        };
    }

    /** The answer of a request the engine failed on. */
    public static FeedResult engineError(String requestId) {
        return new FeedResult(ENGINE_ERROR, messageFor(ENGINE_ERROR), requestId, "", List.of(), List.of(), false,
                List.of());
    }
}
