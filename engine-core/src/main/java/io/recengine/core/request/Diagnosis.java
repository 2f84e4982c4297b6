package io.recengine.core.request;

import java.util.Map;
import java.util.Objects;

/**
 * A diagnosed feed request ({@link FeedService#diagnose}): the answer the client would have got and what
 * each stage did on the way.
 *
 * @param result    the answer (debug on: positions and log lines)
 * @param trace     the stages as JSON-shaped maps ({@code io.recengine.core.trace.RequestTrace#toMap})
 * @param rankScore the {@code RankScore} expression the request ran: its experiment's when a {@code rankconf}
 *                  or {@code rankscore} parameter set one, else the scene's; {@code ""} when it has none
 */
public record Diagnosis(FeedResult result, Map<String, Object> trace, String rankScore) {

    public Diagnosis {
        Objects.requireNonNull(result, "result");
        trace = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(trace));
        Objects.requireNonNull(rankScore, "rankScore");
    }
}
