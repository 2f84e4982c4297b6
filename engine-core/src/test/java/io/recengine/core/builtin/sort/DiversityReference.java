package io.recengine.core.builtin.sort;

/**
 * Reference kernels for DPP and SSD, written for clarity, not speed: the DPP builds the whole N x N kernel
 * first (as PAI-Rec does) and the SSD recomputes every residual length at every step. The tests check that
 * {@link Dpp} and {@link Ssd} pick the same items; the benchmark runs them side by side.
 */
final class DiversityReference {

    private DiversityReference() {
    }

    static double[][] kernel(double[] f, int n, int dim, double[] q) {
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                l[i][j] = q[i] * q[j] * Dpp.dot(f, i, f, j, dim);
            }
        }
        return l;
    }

    static int[] dpp(double[] f, int n, int dim, double[] q, int topN, int window) {
        double[][] l = kernel(f, n, dim, q);
        topN = Math.min(topN, n);
        int[] out = new int[topN];
        boolean[] taken = new boolean[n];
        int w = window <= 0 || topN <= window ? topN : window;
        int count = 0;
        while (count < topN) {
            int k = Math.min(w, topN - count);
            int[] part = greedy(l, n, k, taken);
            for (int i : part) {
                out[count++] = i;
                taken[i] = true;
            }
        }
        return out;
    }

    private static int[] greedy(double[][] l, int n, int k, boolean[] taken) {
        int[] y = new int[k];
        int size = 0;
        double[] d2 = new double[n];
        for (int i = 0; i < n; i++) {
            d2[i] = taken[i] ? Double.NaN : l[i][i];
        }
        double[][] c = new double[k][n];
        int j = Dpp.argmax(d2);
        y[size++] = j;
        while (size < k) {
            double dj = d2[j];
            if (!(dj >= 1e-10)) {
                break;
            }
            int m = size - 1;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int r = 0; r < m; r++) {
                    s += c[r][j] * c[r][i];
                }
                c[m][i] = (l[j][i] - s) / Math.sqrt(dj);
            }
            for (int i = 0; i < n; i++) {
                d2[i] -= c[m][i] * c[m][i];
            }
            d2[j] = Double.NaN;
            j = Dpp.argmax(d2);
            y[size++] = j;
        }
        for (int i = 0; i < n && size < k; i++) {
            boolean in = false;
            for (int p = 0; p < size; p++) {
                in |= y[p] == i;
            }
            if (!taken[i] && !in) {
                y[size++] = i;
            }
        }
        return y;
    }

    static int[] ssd(double[] embIn, int n, int dim, double[] quality, int topN, int window, double gamma, boolean star) {
        double[][] e = new double[n][dim];
        for (int i = 0; i < n; i++) {
            System.arraycopy(embIn, i * dim, e[i], 0, dim);
        }
        int t = Math.min(n, topN);
        int[] out = new int[t];
        boolean[] selected = new boolean[n];
        int idx = Dpp.argmax(quality);
        selected[idx] = true;
        out[0] = idx;
        double volume = star ? gamma : gamma * norm(e[idx]);
        java.util.ArrayDeque<Integer> picks = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<double[]> projections = new java.util.ArrayDeque<>();
        for (int step = 1; step < t; step++) {
            if (step > window) {
                int old = picks.removeFirst();
                double[] p = projections.removeFirst();
                for (int j = 0; j < n; j++) {
                    if (!selected[j]) {
                        for (int d = 0; d < dim; d++) {
                            e[j][d] += p[j] * e[old][d];
                        }
                    }
                }
            }
            picks.addLast(idx);
            double[] p = new double[n];
            for (int j = 0; j < n; j++) {
                if (selected[j]) {
                    continue;
                }
                p[j] = dot(e[j], e[idx]) / dot(e[idx], e[idx]);
                if (Double.isNaN(p[j]) || Double.isInfinite(p[j])) {
                    p[j] = 1.0;
                }
                for (int d = 0; d < dim; d++) {
                    e[j][d] -= p[j] * e[idx][d];
                }
            }
            projections.addLast(p);
            int best = -1;
            double bestQ = 0;
            for (int i = 0; i < n; i++) {
                if (!selected[i]) {
                    double q = quality[i] + volume * norm(e[i]);
                    if (best < 0 || q > bestQ) {
                        best = i;
                        bestQ = q;
                    }
                }
            }
            idx = best;
            selected[idx] = true;
            out[step] = idx;
            if (!star) {
                volume *= norm(e[idx]);
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
