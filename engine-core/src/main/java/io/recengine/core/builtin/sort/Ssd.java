package io.recengine.core.builtin.sort;

/**
 * Sliding spectrum decomposition (Huang et al., KDD 2021), PAI-Rec's {@code SSDWithSlidingWindow}: step by
 * step, the candidates' embeddings are orthogonalised against the last {@code window} picks (Gram-Schmidt;
 * a pick leaving the window is added back), and the next pick maximises
 * {@code quality + volume * |residual|}, where volume is {@code gamma} times the residual lengths picked so
 * far (just {@code gamma} for SSD*). Residual lengths are updated from the projections rather than
 * recomputed, so a step costs two passes over the candidates' embeddings. The embeddings array is modified.
 */
final class Ssd {

    private Ssd() {
    }

    /**
     * The indexes of {@code topN} items in selection order; the first is the best {@code quality}.
     *
     * @param emb row-major, {@code n} rows of {@code dim}; overwritten with the residuals
     */
    static int[] select(double[] emb, int n, int dim, double[] quality, int topN, int window, double gamma,
                        boolean star) {
        int t = Math.min(n, topN);
        int[] out = new int[Math.max(t, 0)];
        if (t <= 0) {
            return out;
        }
        boolean[] selected = new boolean[n];
        double[] norm2 = new double[n];
        for (int i = 0; i < n; i++) {
            norm2[i] = Dpp.dot(emb, i, emb, i, dim);
        }
        int[] ring = new int[window];
        double[][] projections = new double[window][n];
        int idx = Dpp.argmax(quality);
        selected[idx] = true;
        out[0] = idx;
        double volume = gamma;
        if (!star) {
            volume *= Math.sqrt(norm2[idx]);
        }
        for (int step = 1; step < t; step++) {
            int slot = (step - 1) % window;
            // the pick leaving the window (if any) has its component added back, and the new pick's component
            // is taken out, candidate by candidate while its row is in cache
            int old = step > window ? ring[slot] : -1;
            double[] p = projections[slot];
            int o = old * dim;
            double oldNorm2 = old >= 0 ? norm2[old] : 0;
            ring[slot] = idx;
            int a = idx * dim;
            double self = Dpp.dot(emb, idx, emb, idx, dim);
            for (int j = 0; j < n; j++) {
                if (selected[j]) {
                    p[j] = 0;
                    continue;
                }
                int b = j * dim;
                if (old >= 0) {
                    double pj = p[j];
                    double dotJ = Dpp.dot(emb, j, emb, old, dim);
                    for (int d = 0; d < dim; d++) {
                        emb[b + d] += pj * emb[o + d];
                    }
                    norm2[j] += 2 * pj * dotJ + pj * pj * oldNorm2;
                }
                double dotJ = Dpp.dot(emb, j, emb, idx, dim);
                double pj = dotJ / self;
                if (Double.isNaN(pj) || Double.isInfinite(pj)) {
                    pj = 1.0;
                }
                p[j] = pj;
                for (int d = 0; d < dim; d++) {
                    emb[b + d] -= pj * emb[a + d];
                }
                norm2[j] += -2 * pj * dotJ + pj * pj * self;
            }
            int best = -1;
            double bestQ = 0;
            for (int i = 0; i < n; i++) {
                if (selected[i]) {
                    continue;
                }
                double q = quality[i] + volume * Math.sqrt(Math.max(norm2[i], 0));
                if (best < 0 || q > bestQ) {
                    best = i;
                    bestQ = q;
                }
            }
            idx = best;
            selected[idx] = true;
            out[step] = idx;
            if (!star) {
                volume *= Math.sqrt(Math.max(norm2[idx], 0));
            }
        }
        return out;
    }
}
