package io.recengine.core.pipeline;

import io.recengine.spi.Item;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a scene answers ({@link ScenePipeline#answer}) and, apart, the pipeline's own final items, which the
 * after-response work (exposure logs, the automatic callback) takes as PAI-Rec's clean hooks do. They
 * differ under {@code FallbackConfig}: on a timeout the answer is the fallback list and the pipeline's items
 * come later (or never, when it could not start); when the answer was completed from the fallback list,
 * the pipeline's items are those before completion.
 *
 * @param items      the answer, truncated to {@code size}
 * @param ownItems   the pipeline's final items, when it has them
 * @param fellBack   true when the answer is the fallback list (timeout)
 */
public record PipelineAnswer(List<Item> items, CompletionStage<List<Item>> ownItems, boolean fellBack) {

    /** A pipeline answered in time, without fallback. */
    public static PipelineAnswer of(List<Item> items) {
        return new PipelineAnswer(items, CompletableFuture.completedFuture(items), false);
    }
}
