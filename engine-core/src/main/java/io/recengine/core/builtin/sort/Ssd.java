package io.recengine.core.builtin.sort;

/**
 * Sliding spectrum decomposition (Huang et al., KDD 2021), PAI-Rec's {@code SSDWithSlidingWindow}: step by
 * step, the candidates' embeddings are orthogonalised against the last {@code window} picks (Gram-Schmidt;
 * a pick leaving the window is added back), and the next pick maximises
 * {@code quality + volume * |residual|}, where volume is {@code gamma} times the residual lengths picked so
 * far (just {@code gamma} for SSD*).
 *
 * <p>The residuals are never written out. A candidate's residual is its embedding minus
 * {@code p[k][j] * v[k]} over the picks {@code k} in the window ({@code v[k]}: the pick's residual when it was
 * picked), so everything a step needs follows from {@code <e[j], v[k]>}, the projections {@code p[k][j]} and
 * the window's small Gram matrix {@code <v[k], v[l]>}. A step then costs one dot product per candidate (with
 * the new pick) and a few multiply-adds per window slot, instead of four passes over every embedding
 * (project out, add back, and the two dot products), and the embeddings stay as given.
 */
final class Ssd {

    private Ssd() {
    }

    /**
     * The indexes of {@code topN} items in selection order; the first is the best {@code quality}.
     *
     * @param emb row-major, {@code n} rows of {@code dim}; read only
     */
    static int[] select(double[] emb, int n, int dim, double[] quality, int topN, int window, double gamma,
                        boolean star) {
        int t = Math.min(n, topN);
        int[] out = new int[Math.max(t, 0)];
        if (t <= 0) {
            return out;
        }
        int w = Math.max(window, 1);
        boolean[] selected = new boolean[n];
        double[] norm2 = new double[n];
        for (int i = 0; i < n; i++) {
            norm2[i] = Dpp.dot(emb, i, emb, i, dim);
        }
        // per window slot: the pick's residual v, <v, v>, <e[j], v> and the projection p[j] of every candidate
        double[] v = new double[w * dim];
        double[] vv = new double[w];
        double[][] ev = new double[w][n];
        double[][] proj = new double[w][n];
        double[][] gram = new double[w][w];
        int[] order = new int[w];
        double[] g = new double[w];
        double[] nv = new double[dim];
        double[] spareE = new double[n];
        double[] spareP = new double[n];
        double[] scratch = new double[n];
        int idx = Dpp.argmax(quality);
        selected[idx] = true;
        out[0] = idx;
        double volume = gamma;
        if (!star) {
            volume *= Math.sqrt(norm2[idx]);
        }
        for (int step = 1; step < t; step++) {
            int slot = (step - 1) % w;
            int live = Math.min(step - 1, w);
            // the live slots, oldest first; with a full window the oldest is 'slot' and leaves now
            for (int k = 0; k < live; k++) {
                order[k] = (slot + (live == w ? k : k + w - live)) % w;
            }
            // the new pick's residual, against the window it was last projected on (the leaving pick included)
            System.arraycopy(emb, idx * dim, nv, 0, dim);
            for (int k = 0; k < live; k++) {
                int s = order[k];
                double c = proj[s][idx];
                for (int d = 0; d < dim; d++) {
                    nv[d] -= c * v[s * dim + d];
                }
            }
            boolean leaves = live == w;
            int first = leaves ? 1 : 0;
            double self = Dpp.dot(nv, 0, nv, 0, dim);
            for (int k = first; k < live; k++) {
                g[k] = Dpp.dot(v, order[k], nv, 0, dim);
            }
            double[] newE = leaves ? spareE : ev[slot];
            double[] newP = leaves ? spareP : proj[slot];
            if (leaves) {
                // add the leaving pick back: <r[j], v_old> from the stored <e[j], v_old> and the window's Gram
                // matrix, then |r[j] + p v_old|^2. Whole-array loops (selected items too: their values are
                // never read again), so they vectorise
                double[] leftP = proj[slot];
                double[] leftG = gram[slot];
                double leftVv = vv[slot];
                System.arraycopy(ev[slot], 0, scratch, 0, n);
                for (int k = 0; k < live; k++) {
                    double c = leftG[order[k]];
                    double[] pk = proj[order[k]];
                    for (int j = 0; j < n; j++) {
                        scratch[j] -= pk[j] * c;
                    }
                }
                for (int j = 0; j < n; j++) {
                    double pj = leftP[j];
                    norm2[j] += 2 * pj * scratch[j] + pj * pj * leftVv;
                }
                spareE = ev[slot];
                spareP = leftP;
            }
            // <r[j], v_new> = <e[j], v_new> - sum over the window of p[k][j] <v[k], v_new>
            Dpp.dots(emb, n, nv, 0, dim, newE);
            System.arraycopy(newE, 0, scratch, 0, n);
            for (int k = first; k < live; k++) {
                double c = g[k];
                double[] pk = proj[order[k]];
                for (int j = 0; j < n; j++) {
                    scratch[j] -= pk[j] * c;
                }
            }
            for (int j = 0; j < n; j++) {
                double dotJ = scratch[j];
                double pj = dotJ / self;
                if (Double.isNaN(pj) || Double.isInfinite(pj)) {
                    pj = 1.0;
                }
                newP[j] = pj;
                norm2[j] += -2 * pj * dotJ + pj * pj * self;
            }
            ev[slot] = newE;
            proj[slot] = newP;
            System.arraycopy(nv, 0, v, slot * dim, dim);
            vv[slot] = self;
            for (int k = first; k < live; k++) {
                gram[order[k]][slot] = g[k];
                gram[slot][order[k]] = g[k];
            }
            gram[slot][slot] = self;
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
