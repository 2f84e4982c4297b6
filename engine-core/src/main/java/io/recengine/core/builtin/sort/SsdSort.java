package io.recengine.core.builtin.sort;

import io.recengine.core.expr.Conditions;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.User;

import java.util.List;

/**
 * PAI-Rec's {@code SSDSort} ({@code SortConfs[]} with {@code SortType: SSDSort} and an {@code SSDConf}
 * object): orders the candidates by score and picks the request's {@code size} items by sliding spectrum
 * decomposition ({@link Ssd}) with {@code Gamma} (default 0.25), {@code WindowSize} (default 5) and
 * {@code UseSSDStar}. Embeddings come from the item property {@code EmbeddingColumn}, scaled to length 1
 * unless {@code NormalizeEmb: "false"}, with a 1 appended unless {@code EnsurePositiveSim: "false"}. Returns
 * the selected items, then those of {@code FilterRetrieveIds}; the same shortcuts as {@link DppSort}. When
 * {@code Condition.Conditions} (on user properties) do not hold, the items are only ordered by score.
 */
public final class SsdSort implements Sort {

    public static final String TYPE = "SSDSort";

    private final DiversityCandidates settings;
    private final double gamma;
    private final boolean star;
    private final Conditions condition;

    SsdSort(DiversityCandidates settings, double gamma, boolean star, Conditions condition) {
        this.settings = settings;
        this.gamma = gamma;
        this.star = star;
        this.condition = condition;
    }

    @Override
    public List<Item> sort(RecContext context, User user, List<Item> items) {
        if (!condition.isEmpty() && !condition.test(user::property, null)) {
            return DiversityCandidates.byScore(items);
        }
        return settings.arrange(items, context.size(), true, this::pick);
    }

    private int[] pick(List<Item> items, Embeddings emb, int size) {
        int n = items.size();
        double[] quality = new double[n];
        for (int i = 0; i < n; i++) {
            quality[i] = items.get(i).score();
        }
        return Ssd.select(withOne(emb, settings.ensurePositive()), n, emb.dim + 1, quality, size,
                settings.windowSize(), gamma, star);
    }

    static double[] withOne(Embeddings emb, boolean ensurePositive) {
        int d = emb.dim;
        double[] v = new double[emb.count * (d + 1)];
        for (int i = 0; i < emb.count; i++) {
            System.arraycopy(emb.values, i * d, v, i * (d + 1), d);
            v[i * (d + 1) + d] = ensurePositive ? 1 : 0;
        }
        return v;
    }

    /** Factory; reads {@code SSDConf} when present, else the object itself. */
    public static final class Factory extends SettingsSortFactory {
        public Factory() {
            super(TYPE);
        }

        @Override
        Sort read(ComponentConfig config, Keys keys, PluginContext context) {
            ComponentConfig c = config.has("SSDConf") ? keys.object(config, "SSDConf") : config;
            DiversityCandidates s = DiversityCandidates.read(c, keys, 5);
            double gamma = keys.decimal(c, "Gamma", 0);
            if (gamma < 0) {
                keys.problem(Keys.key(c, "Gamma"), "want a number >= 0, got " + gamma);
            }
            int window = s.windowSize() <= 1 ? 5 : s.windowSize();
            DiversityCandidates settings = new DiversityCandidates(s.embeddingColumn(), s.separator(), s.normalize(),
                    s.ensurePositive(), window, s.abortRunCount(), s.candidateCount(), s.minScorePercent(),
                    s.missedThreshold(), s.filterRetrieveIds());
            Conditions condition = keys.conditions(keys.object(c, "Condition"), "Conditions");
            return new SsdSort(settings, gamma > 0 ? gamma : 0.25, keys.bool(c, "UseSSDStar", false), condition);
        }
    }
}
