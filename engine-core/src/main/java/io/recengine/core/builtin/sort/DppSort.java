package io.recengine.core.builtin.sort;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.User;

import java.util.List;

/**
 * PAI-Rec's {@code DPPSort} (a top-level {@code DPPConf[]} entry, or {@code SortConfs[]} with
 * {@code SortType: DPPSort} and a {@code DPPConf} object): picks the request's {@code size} items that
 * maximise a determinantal point process over quality {@code exp(Alpha * score)} and embedding similarity,
 * in windows of {@code WindowSize} (default 10). Embeddings come from the item property
 * {@code EmbeddingColumn}, scaled to length 1 unless {@code NormalizeEmb: "false"}. Returns the selected
 * items (the rest are dropped, as PAI-Rec does), then the items of {@code FilterRetrieveIds}. With at most
 * {@code AbortRunCount} candidates, or more than {@code EmbMissedThreshold} (0.5) of them without an
 * embedding, the items are only ordered by score.
 */
public final class DppSort implements Sort {

    public static final String TYPE = "DPPSort";

    private static final double INV_SQRT2 = 1 / Math.sqrt(2);

    private final DiversityCandidates settings;
    private final double alpha;

    DppSort(DiversityCandidates settings, double alpha) {
        this.settings = settings;
        this.alpha = alpha;
    }

    @Override
    public List<Item> sort(RecContext context, User user, List<Item> items) {
        return settings.arrange(items, context.size(), false, this::pick);
    }

    private int[] pick(List<Item> items, Embeddings emb, int size) {
        int n = items.size();
        double[] quality = new double[n];
        for (int i = 0; i < n; i++) {
            quality[i] = Math.exp(alpha * items.get(i).score());
            items.get(i).setAlgoScore("dpp_relevance_score", items.get(i).score());
        }
        return Dpp.select(features(emb, settings.ensurePositive()), n, emb.dim + 1, quality, size, settings.windowSize());
    }

    /**
     * Each embedding with a 1 appended and the whole scaled by 1/sqrt(2), so that similarities lie in [0, 1]
     * (PAI-Rec's {@code EnsurePositiveSim}, default on); with it off, a 0 is appended.
     */
    static double[] features(Embeddings emb, boolean ensurePositive) {
        int d = emb.dim;
        double[] f = new double[emb.count * (d + 1)];
        double scale = ensurePositive ? INV_SQRT2 : 1;
        for (int i = 0; i < emb.count; i++) {
            for (int k = 0; k < d; k++) {
                f[i * (d + 1) + k] = emb.values[i * d + k] * scale;
            }
            f[i * (d + 1) + d] = ensurePositive ? INV_SQRT2 : 0;
        }
        return f;
    }

    /** Factory; reads {@code DPPConf} when present (a SortConfs entry), else the object itself. */
    public static final class Factory extends SettingsSortFactory {
        public Factory() {
            super(TYPE);
        }

        @Override
        Sort read(ComponentConfig config, Keys keys, PluginContext context) {
            ComponentConfig c = config.has("DPPConf") ? keys.object(config, "DPPConf") : config;
            DiversityCandidates s = DiversityCandidates.read(c, keys, 10);
            return new DppSort(s, keys.decimal(c, "Alpha", 0));
        }
    }
}
