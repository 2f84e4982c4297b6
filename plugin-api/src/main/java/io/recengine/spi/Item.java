package io.recengine.spi;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A candidate item, as PAI-Rec's {@code module.Item}: id, retrieve id (the recall that produced it),
 * score, properties (features), algo scores (model outputs) and per-recall scores.
 *
 * <p>An item belongs to one request. Its fields are thread-safe: rank batches and feature loads write
 * concurrently. Property values follow {@link User}'s rules; null values are not stored.
 */
public final class Item {

    private final String id;
    private volatile String retrieveId;
    private volatile double score;
    private final PropertyMap properties = new PropertyMap();
    private final ConcurrentHashMap<String, Double> algoScores = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Double> recallScores = new ConcurrentHashMap<>();

    public Item(String id) {
        this.id = Objects.requireNonNull(id, "id");
        this.retrieveId = "";
    }

    public Item(String id, String retrieveId, double score) {
        this.id = Objects.requireNonNull(id, "id");
        this.retrieveId = retrieveId == null ? "" : retrieveId;
        this.score = score;
    }

    public String id() {
        return id;
    }

    /** The name of the recall that produced the item ({@code retrieve_id} in the response). */
    public String retrieveId() {
        return retrieveId;
    }

    public void setRetrieveId(String retrieveId) {
        this.retrieveId = retrieveId == null ? "" : retrieveId;
    }

    /** The current score: the recall score until ranking, then the {@code RankScore} result. */
    public double score() {
        return score;
    }

    public void setScore(double score) {
        this.score = score;
    }

    public Object property(String name) {
        return properties.get(name);
    }

    /** The property as text, {@code ""} when missing (see {@link Values#text}). */
    public String stringProperty(String name) {
        return properties.text(name);
    }

    /** Sets or, with a null value, removes a property. */
    public void setProperty(String name, Object value) {
        properties.set(name, value);
    }

    public void setProperties(Map<String, ?> values) {
        properties.setAll(values);
    }

    public void removeProperty(String name) {
        properties.remove(name);
    }

    /** A live, unmodifiable view of the properties. */
    public Map<String, Object> properties() {
        return properties.view();
    }

    /** The algo score, or null. */
    public Double algoScore(String name) {
        return algoScores.get(name);
    }

    public void setAlgoScore(String name, double value) {
        algoScores.put(name, value);
    }

    /** A live, unmodifiable view of the algo scores. */
    public Map<String, Double> algoScores() {
        return Collections.unmodifiableMap(algoScores);
    }

    /** Records the score a recall gave this item (kept when duplicates from several recalls merge). */
    public void setRecallScore(String recallName, double value) {
        recallScores.put(recallName, value);
    }

    /** A live, unmodifiable view of the per-recall scores. */
    public Map<String, Double> recallScores() {
        return Collections.unmodifiableMap(recallScores);
    }

    @Override
    public String toString() {
        return "Item{" + id + ", " + retrieveId + ", " + score + "}";
    }
}
