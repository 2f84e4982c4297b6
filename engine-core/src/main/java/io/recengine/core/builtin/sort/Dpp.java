package io.recengine.core.builtin.sort;

/**
 * Greedy MAP inference of a DPP (Chen, Zhang and Zhou, NeurIPS 2018), PAI-Rec's {@code DPP} /
 * {@code DPPWithWindow}: the kernel is {@code L[i][j] = q[i] * q[j] * <f[i], f[j]>}, and its rows are computed
 * when an item is selected instead of building the whole N x N matrix, so selecting k of N items with
 * D-dimensional features costs O(k N (D + k)) and O(k N) memory.
 */
final class Dpp {

    private static final double EPSILON = 1e-10;

    private Dpp() {
    }

    /**
     * The indexes of {@code topN} items, in selection order: windows of {@code window} items, each chosen
     * greedily among the items no earlier window took (diversity holds within a window, as in PAI-Rec).
     *
     * @param features row-major, {@code n} rows of {@code dim}
     * @param quality  q, one per item
     */
    static int[] select(double[] features, int n, int dim, double[] quality, int topN, int window) {
        topN = Math.min(topN, n);
        int[] out = new int[topN];
        boolean[] taken = new boolean[n];
        if (topN <= 0) {
            return out;
        }
        int w = window <= 0 || topN <= window ? topN : window;
        int count = 0;
        double[][] c = new double[w][n];
        double[] d2 = new double[n];
        double[] row = new double[n];
        while (count < topN) {
            int k = Math.min(w, topN - count);
            count += greedy(features, n, dim, quality, k, taken, out, count, c, d2, row);
        }
        return out;
    }

    /** One window: picks {@code k} items not {@code taken} into {@code out[from..]}; returns k. */
    private static int greedy(double[] f, int n, int dim, double[] q, int k, boolean[] taken, int[] out, int from,
                              double[][] c, double[] d2, double[] row) {
        for (int i = 0; i < n; i++) {
            d2[i] = taken[i] ? Double.NaN : q[i] * q[i] * dot(f, i, f, i, dim);
        }
        // items chosen in this window keep 'taken' false until the window ends: PAI-Rec's window only
        // excludes what earlier windows took; inside the window d2 = NaN marks the picks
        int picked = 0;
        int j = argmax(d2);
        out[from + picked++] = j;
        while (picked < k) {
            double dj = d2[j];
            if (!(dj >= EPSILON)) {
                break;
            }
            double sdj = Math.sqrt(dj);
            int m = picked - 1;
            double[] e = c[m];
            double qj = q[j];
            Dpp.dots(f, n, f, j, dim, row);
            for (int i = 0; i < n; i++) {
                row[i] = qj * q[i] * row[i];
            }
            // row - sum over the earlier picks r of c[r][j] * c[r]: one pass per pick, a plain vector loop
            for (int r = 0; r < m; r++) {
                double[] cr = c[r];
                double crj = cr[j];
                for (int i = 0; i < n; i++) {
                    row[i] -= crj * cr[i];
                }
            }
            double inv = 1 / sdj;
            for (int i = 0; i < n; i++) {
                double v = row[i] * inv;
                e[i] = v;
                d2[i] -= v * v;
            }
            d2[j] = Double.NaN;
            j = argmax(d2);
            out[from + picked++] = j;
        }
        if (picked < k) {
            // the kernel is exhausted: the rest in index order, as PAI-Rec does
            for (int i = 0; i < n && picked < k; i++) {
                if (!taken[i] && !contains(out, from, from + picked, i)) {
                    out[from + picked++] = i;
                }
            }
        }
        for (int p = from; p < from + picked; p++) {
            taken[out[p]] = true;
        }
        return picked;
    }

    private static boolean contains(int[] a, int from, int to, int v) {
        for (int i = from; i < to; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    /** The first index of the largest value, NaN skipped; 0 when all are NaN. */
    static int argmax(double[] v) {
        int best = -1;
        double max = 0;
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            if (x == x && (best < 0 || x > max)) {
                best = i;
                max = x;
            }
        }
        return Math.max(best, 0);
    }

    /**
     * {@code out[i] = dot(a, i, x, xRow, dim)} for every row {@code i < n}, bit for bit: two rows at a time
     * share each load of x, each row keeping {@link #dot}'s four running sums and their order.
     */
    static void dots(double[] a, int n, double[] x, int xRow, int dim, double[] out) {
        int xo = xRow * dim;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            int ai = i * dim;
            int bi = ai + dim;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double t0 = 0;
            double t1 = 0;
            double t2 = 0;
            double t3 = 0;
            int d = 0;
            for (; d + 3 < dim; d += 4) {
                double x0 = x[xo + d];
                double x1 = x[xo + d + 1];
                double x2 = x[xo + d + 2];
                double x3 = x[xo + d + 3];
                s0 += a[ai + d] * x0;
                s1 += a[ai + d + 1] * x1;
                s2 += a[ai + d + 2] * x2;
                s3 += a[ai + d + 3] * x3;
                t0 += a[bi + d] * x0;
                t1 += a[bi + d + 1] * x1;
                t2 += a[bi + d + 2] * x2;
                t3 += a[bi + d + 3] * x3;
            }
            for (; d < dim; d++) {
                s0 += a[ai + d] * x[xo + d];
                t0 += a[bi + d] * x[xo + d];
            }
            out[i] = (s0 + s1) + (s2 + s3);
            out[i + 1] = (t0 + t1) + (t2 + t3);
        }
        if (i < n) {
            out[i] = dot(a, i, x, xRow, dim);
        }
    }

    /** Row i of a times row j of b; four running sums, so the additions do not wait on each other. */
    static double dot(double[] a, int i, double[] b, int j, int dim) {
        int ai = i * dim;
        int bj = j * dim;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int d = 0;
        for (; d + 3 < dim; d += 4) {
            s0 += a[ai + d] * b[bj + d];
            s1 += a[ai + d + 1] * b[bj + d + 1];
            s2 += a[ai + d + 2] * b[bj + d + 2];
            s3 += a[ai + d + 3] * b[bj + d + 3];
        }
        for (; d < dim; d++) {
            s0 += a[ai + d] * b[bj + d];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
