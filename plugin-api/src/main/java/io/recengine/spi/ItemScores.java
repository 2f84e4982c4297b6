package io.recengine.spi;

import java.util.Map;

/**
 * What a {@link Ranker} says about one item: named scores and optional extra features (for example
 * EasyRec's {@code generate_features}, {@code raw_features}, {@code context_features}, or a vector).
 *
 * <p>Score keys are model output names. The engine stores a score under {@code <algo>} when its key is
 * the empty string (single-output models) and under {@code <algo>_<key>} otherwise, as PAI-Rec does.
 * Extra features are copied to item properties under their keys. Immutable.
 */
public final class ItemScores {

    /** No score for this item. */
    public static final ItemScores EMPTY = new ItemScores(Map.of(), Map.of());

    private final Map<String, Double> scores;
    private final Map<String, Object> features;

    private ItemScores(Map<String, Double> scores, Map<String, Object> features) {
        this.scores = scores;
        this.features = features;
    }

    /** A single-output score. */
    public static ItemScores of(double score) {
        return new ItemScores(Map.of("", score), Map.of());
    }

    public static ItemScores of(Map<String, Double> scores) {
        return new ItemScores(Map.copyOf(scores), Map.of());
    }

    public static ItemScores of(Map<String, Double> scores, Map<String, Object> features) {
        return new ItemScores(Map.copyOf(scores), Map.copyOf(features));
    }

    public Map<String, Double> scores() {
        return scores;
    }

    public Map<String, Object> features() {
        return features;
    }

    public boolean isEmpty() {
        return scores.isEmpty() && features.isEmpty();
    }
}
