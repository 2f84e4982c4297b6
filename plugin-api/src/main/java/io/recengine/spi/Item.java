package io.recengine.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.Objects;

/**
 * A candidate item, as PAI-Rec's {@code module.Item}: id, retrieve id (the recall that produced it),
 * score, properties (features), algo scores (model outputs) and per-recall scores.
 *
 * <p>An item belongs to one request. Its fields are thread-safe: rank batches and feature loads write
 * concurrently. Property values follow {@link User}'s rules; null values are not stored.
 *
 * <p>Built for thousands per request: the three maps are compact insertion-ordered arrays
 * ({@code PropertyMap}) allocated on first write, not concurrent hash maps; scores and per-recall scores
 * cost nothing until a stage sets one. Features loaded from a shared table are joined by reference
 * ({@link #joinRow}): {@link #property} reads what the request wrote on the item first, then the row.
 */
public final class Item {

    private final String id;
    /**
     * Written with release and read with acquire semantics ({@link #RETRIEVE_ID}, {@link #SCORE}): visible
     * across the stages' threads as a volatile field would be, without a full fence per write (a rank
     * stage writes every item's score).
     */
    private String retrieveId;
    private double score;
    private final PropertyMap properties = new PropertyMap(8);
    private final PropertyMap algoScores = new PropertyMap(2);
    private final PropertyMap recallScores = new PropertyMap(2);

    private static final VarHandle RETRIEVE_ID;
    private static final VarHandle SCORE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RETRIEVE_ID = l.findVarHandle(Item.class, "retrieveId", String.class);
            SCORE = l.findVarHandle(Item.class, "score", double.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

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
        return (String) RETRIEVE_ID.getAcquire(this);
    }

    public void setRetrieveId(String retrieveId) {
        RETRIEVE_ID.setRelease(this, retrieveId == null ? "" : retrieveId);
    }

    /** The current score: the recall score until ranking, then the {@code RankScore} result. */
    public double score() {
        return (double) SCORE.getAcquire(this);
    }

    public void setScore(double score) {
        SCORE.setRelease(this, score);
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

    /**
     * Sets {@code names[i]} to {@code values[i]} for {@code i < count}, skipping null values: a row of a
     * recall or a detail table in one step (one lock instead of one per field). The arrays are not kept.
     */
    public void setProperties(String[] names, Object[] values, int count) {
        Objects.checkFromToIndex(0, count, Math.min(names.length, values.length));
        properties.setAll(names, values, count);
    }

    /**
     * Joins a shared, immutable row of features (a detail-table row) by reference: every value it has
     * becomes a property, as {@link #setProperties(Map)} of its {@link FeatureRow#asMap()} would, without
     * copying. Properties set afterwards shadow the row's; removing one of its names copies the row into
     * the item first. A second join copies the first row's values into the item, then joins the new one.
     */
    public void joinRow(FeatureRow row) {
        properties.join(Objects.requireNonNull(row, "row"));
    }

    /** The joined row, or null: lets a ranker reuse what it derived from the row ({@link FeatureRow#derived}). */
    public FeatureRow row() {
        return properties.row();
    }

    /** A property written on this item (not read from its joined row), or null. */
    public Object ownProperty(String name) {
        return properties.own(name);
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
        return (Double) algoScores.get(name);
    }

    public void setAlgoScore(String name, double value) {
        algoScores.set(name, value);
    }

    /** A live, unmodifiable view of the algo scores. */
    @SuppressWarnings("unchecked")
    public Map<String, Double> algoScores() {
        return (Map<String, Double>) (Map<String, ?>) algoScores.view();
    }

    /** Records the score a recall gave this item (kept when duplicates from several recalls merge). */
    public void setRecallScore(String recallName, double value) {
        recallScores.set(recallName, value);
    }

    /** A live, unmodifiable view of the per-recall scores. */
    @SuppressWarnings("unchecked")
    public Map<String, Double> recallScores() {
        return (Map<String, Double>) (Map<String, ?>) recallScores.view();
    }

    @Override
    public String toString() {
        return "Item{" + id + ", " + retrieveId() + ", " + score() + "}";
    }
}
