package io.recengine.core.builtin.sort;

import io.recengine.spi.Item;

import java.util.List;

/**
 * The item embeddings DPP and SSD read from an item property ({@code EmbeddingColumn}): a text of numbers
 * split by {@code EmbeddingSeparator} (braces around it are ignored, as Hologres prints arrays), a list of
 * numbers, or a {@code float[]} / {@code double[]}. One request's embeddings sit in one flat array.
 */
final class Embeddings {

    /** Row-major, {@code count} rows of {@code dim} values; a missing row is flagged in {@code missing}. */
    final double[] values;
    final boolean[] missing;
    final int count;
    final int dim;
    final int missingCount;

    private Embeddings(double[] values, boolean[] missing, int count, int dim, int missingCount) {
        this.values = values;
        this.missing = missing;
        this.count = count;
        this.dim = dim;
        this.missingCount = missingCount;
    }

    /**
     * Reads the embeddings of {@code items}; the dimension is the first readable one, a row of another
     * dimension counts as missing. With {@code normalize} each row is scaled to length 1. A missing row gets a
     * unit vector drawn from the item id (PAI-Rec draws a random one: the same spread, but repeatable).
     */
    static Embeddings read(List<Item> items, String property, String separator, boolean normalize) {
        int n = items.size();
        double[][] rows = new double[n][];
        int dim = -1;
        for (int i = 0; i < n; i++) {
            double[] v = parse(items.get(i).property(property), separator);
            if (v != null && v.length > 0 && (dim < 0 || v.length == dim)) {
                dim = v.length;
                rows[i] = v;
            }
        }
        if (dim < 0) {
            return new Embeddings(new double[0], new boolean[n], n, 0, n);
        }
        double[] flat = new double[n * dim];
        boolean[] missing = new boolean[n];
        int missed = 0;
        for (int i = 0; i < n; i++) {
            double[] v = rows[i];
            if (v == null) {
                missing[i] = true;
                missed++;
                v = drawn(items.get(i).id(), dim);
            } else if (normalize) {
                scaleToUnit(v);
            }
            System.arraycopy(v, 0, flat, i * dim, dim);
        }
        return new Embeddings(flat, missing, n, dim, missed);
    }

    private static void scaleToUnit(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        if (s > 0) {
            double inv = 1 / Math.sqrt(s);
            for (int d = 0; d < v.length; d++) {
                v[d] *= inv;
            }
        }
    }

    private static double[] drawn(String id, int dim) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(id.hashCode() * 0x9E3779B97F4A7C15L);
        double[] v = new double[dim];
        for (int d = 0; d < dim; d++) {
            // Box-Muller: a normal draw per coordinate makes the direction uniform
            v[d] = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
        }
        scaleToUnit(v);
        return v;
    }

    static double[] parse(Object value, String separator) {
        if (value == null) {
            return null;
        }
        if (value instanceof double[] d) {
            return d.clone();
        }
        if (value instanceof float[] f) {
            double[] out = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                out[i] = f[i];
            }
            return out;
        }
        if (value instanceof List<?> l) {
            double[] out = new double[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Number num)) {
                    return null;
                }
                out[i] = num.doubleValue();
            }
            return out;
        }
        if (value instanceof String s) {
            String t = s.trim();
            if (t.startsWith("{") || t.startsWith("[")) {
                t = t.substring(1);
            }
            if (t.endsWith("}") || t.endsWith("]")) {
                t = t.substring(0, t.length() - 1);
            }
            if (t.isBlank()) {
                return null;
            }
            String[] parts = t.split(java.util.regex.Pattern.quote(separator), -1);
            double[] out = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    out[i] = Double.parseDouble(parts[i].trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return out;
        }
        return null;
    }
}
