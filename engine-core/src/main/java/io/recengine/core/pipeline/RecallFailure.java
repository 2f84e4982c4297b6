package io.recengine.core.pipeline;

/**
 * A recall that contributed nothing to a request, as clients may see it.
 *
 * @param recall  the recall's name
 * @param outcome the metric label of how it ended ({@code error}, {@code timeout}, {@code rejected},
 *                {@code bulkhead}, {@code interrupted}; see {@code FailureText.label})
 * @param message the neutral line, e.g. {@code recall 'be_x2i' failed (dependency)}: no exception text (hosts,
 *                URLs and class names stay in the engine's log)
 */
public record RecallFailure(String recall, String outcome, String message) {
}
