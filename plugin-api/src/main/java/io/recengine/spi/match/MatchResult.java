package io.recengine.spi.match;

import io.recengine.spi.Values;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The answer of a {@code /be} read ({@code outfmt=json2}): error code and message, and the match items
 * as field names plus row-major values aligned to them. Immutable.
 *
 * <p>Values are {@code String} (what the embedded engine emits, as in the AIME documentation),
 * {@code Number}, {@code Boolean} or {@code List} (what other AIME/BE servers may send), or null.
 * Standard fields: {@code __score__} (final score), {@code id}, {@code match_type}, {@code score} (the
 * table's raw score), {@code trigger_id}, {@code trigger_score}, and {@code recall_name} in multi-recall
 * answers; any other field is an item attribute.
 */
public final class MatchResult {

    /** The final-score field. */
    public static final String SCORE = "__score__";

    private final int errorCode;
    private final String errorMessage;
    private final List<String> fieldNames;
    /** Row-major values, each row as long as {@link #fieldNames}; null when {@link #columns} hold them. */
    private final Object[][] data;
    /**
     * Column-major values ({@link #successColumns}): per field an {@code Object[]} or, for a numeric field,
     * a {@code double[]}, each {@link #size} long; null when {@link #data} holds them.
     */
    private final Object[] columns;
    private final int size;
    /** The list view of the rows, made on first use of {@link #rows()} (a racy, idempotent cache). */
    private List<List<Object>> rows;

    private MatchResult(int errorCode, String errorMessage, List<String> fieldNames, List<List<Object>> rows) {
        this.errorCode = errorCode;
        this.errorMessage = errorMessage == null ? "" : errorMessage;
        this.fieldNames = List.copyOf(fieldNames);
        Object[][] copy = new Object[rows.size()][];
        for (int i = 0; i < copy.length; i++) {
            List<Object> row = rows.get(i);
            if (row.size() != this.fieldNames.size()) {
                throw new IllegalArgumentException("row of " + row.size() + " values for " + this.fieldNames.size()
                        + " field names");
            }
            copy[i] = row.toArray();
        }
        this.data = copy;
        this.columns = null;
        this.size = copy.length;
    }

    private MatchResult(List<String> fieldNames, Object[][] rows) {
        this.errorCode = 0;
        this.errorMessage = "none";
        this.fieldNames = List.copyOf(fieldNames);
        for (Object[] row : rows) {
            if (row.length != this.fieldNames.size()) {
                throw new IllegalArgumentException("row of " + row.length + " values for " + this.fieldNames.size()
                        + " field names");
            }
        }
        this.data = rows;
        this.columns = null;
        this.size = rows.length;
    }

    private MatchResult(List<String> fieldNames, Object[] columns, int size) {
        this.errorCode = 0;
        this.errorMessage = "none";
        this.fieldNames = List.copyOf(fieldNames);
        if (columns.length != this.fieldNames.size()) {
            throw new IllegalArgumentException(columns.length + " columns for " + this.fieldNames.size() + " field names");
        }
        for (int c = 0; c < columns.length; c++) {
            int length = columns[c] instanceof double[] d ? d.length : columns[c] instanceof Object[] o ? o.length : -1;
            if (length < size) {
                throw new IllegalArgumentException("column '" + this.fieldNames.get(c) + "' must be an Object[] or a double[] of "
                        + size + " values");
            }
        }
        this.data = null;
        this.columns = columns;
        this.size = size;
    }

    /**
     * A successful answer over rows the caller hands over: the arrays are wrapped, not copied (a read of
     * 1,000 rows is on every request's path), so the caller must not change them afterwards.
     */
    public static MatchResult successOwning(List<String> fieldNames, Object[][] rows) {
        return new MatchResult(Objects.requireNonNull(fieldNames), Objects.requireNonNull(rows));
    }

    /**
     * A successful answer of {@code size} rows held by column, which the result now owns: per field an
     * {@code Object[]}, or a {@code double[]} for a numeric one (read back boxed by {@link #value}, unboxed
     * by {@link #number}). An in-process read answers this way: no array per row, no box per score.
     */
    public static MatchResult successColumns(List<String> fieldNames, Object[] columns, int size) {
        return new MatchResult(Objects.requireNonNull(fieldNames), Objects.requireNonNull(columns), size);
    }

    /** A successful answer ({@code errorCode 0}, {@code errorMessage "none"}). */
    public static MatchResult success(List<String> fieldNames, List<List<Object>> rows) {
        return new MatchResult(0, "none", Objects.requireNonNull(fieldNames), Objects.requireNonNull(rows));
    }

    /** A failed answer, without items. */
    public static MatchResult error(int errorCode, String errorMessage) {
        if (errorCode == 0) {
            throw new IllegalArgumentException("an error needs a non-zero code");
        }
        return new MatchResult(errorCode, errorMessage, List.of(), List.of());
    }

    /** Any answer, for decoders. */
    public static MatchResult of(int errorCode, String errorMessage, List<String> fieldNames, List<List<Object>> rows) {
        return new MatchResult(errorCode, errorMessage, fieldNames, rows);
    }

    public int errorCode() {
        return errorCode;
    }

    public String errorMessage() {
        return errorMessage;
    }

    public boolean ok() {
        return errorCode == 0;
    }

    public List<String> fieldNames() {
        return fieldNames;
    }

    /** Row-major values aligned to {@link #fieldNames()}. */
    public List<List<Object>> rows() {
        List<List<Object>> r = rows;
        if (r == null) {
            Object[] wrapped = new Object[size];
            for (int i = 0; i < size; i++) {
                wrapped[i] = Collections.unmodifiableList(Arrays.asList(data != null ? data[i] : row(i)));
            }
            @SuppressWarnings("unchecked")
            List<List<Object>> list = (List<List<Object>>) (List<?>) Collections.unmodifiableList(Arrays.asList(wrapped));
            rows = r = list;
        }
        return r;
    }

    /** The number of rows. */
    public int size() {
        return size;
    }

    private Object[] row(int i) {
        Object[] row = new Object[columns.length];
        for (int c = 0; c < row.length; c++) {
            row[c] = value(i, c);
        }
        return row;
    }

    /**
     * The value of field {@code field} in row {@code row}, read in place: a reader of every row (a recall
     * turning 1,000 rows into items) needs no list view per row.
     *
     * @throws IndexOutOfBoundsException for a row or field out of range
     */
    public Object value(int row, int field) {
        Objects.checkIndex(row, size);
        Objects.checkIndex(field, fieldNames.size());
        if (data != null) {
            return data[row][field];
        }
        Object column = columns[field];
        return column instanceof double[] d ? (Object) d[row] : ((Object[]) column)[row];
    }

    /**
     * The value of a field as a number: a numeric column's value unboxed, any other value as
     * {@link Values#toDouble} reads it ({@code fallback} for null, an empty or malformed text).
     */
    public double number(int row, int field, double fallback) {
        Objects.checkIndex(row, size);
        Objects.checkIndex(field, fieldNames.size());
        if (data == null && columns[field] instanceof double[] d) {
            return d[row];
        }
        return Values.toDouble(value(row, field), fallback);
    }

    /** The index of a field, or -1. */
    public int fieldIndex(String name) {
        return fieldNames.indexOf(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MatchResult r && r.errorCode == errorCode && r.errorMessage.equals(errorMessage)
                && r.fieldNames.equals(fieldNames) && r.rows().equals(rows());
    }

    @Override
    public int hashCode() {
        return Objects.hash(errorCode, errorMessage, fieldNames, rows());
    }

    @Override
    public String toString() {
        return "MatchResult{" + errorCode + ", " + errorMessage + ", " + fieldNames + ", " + size + " rows}";
    }
}
