package io.recengine.core.rank;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.ItemScores;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Ranker;
import io.recengine.spi.RankerFactory;
import io.recengine.spi.User;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded ranker, {@code AlgoConfs[].Type = "Local"}: scores in-process with a {@link LocalModel}
 * loaded from {@code LocalConf.ModelPath} (relative to the config file). Single output, stored as the
 * algo score {@code <algo>}. The user half of the model is computed once per request (cached for the
 * request's user across its concurrent batches). Immutable and thread-safe.
 */
public final class LocalRanker implements Ranker {

    /** The {@code Type} value. */
    public static final String TYPE = "Local";

    private final LocalModel model;
    /** The user part of the latest request: batches of one request share it; a race only recomputes it. */
    private volatile LocalModel.UserPart last;

    public LocalRanker(LocalModel model) {
        this.model = model;
    }

    public LocalModel model() {
        return model;
    }

    /** Arithmetic over the loaded model only: batches run on the request thread. */
    @Override
    public boolean inProcess() {
        return true;
    }

    @Override
    public List<ItemScores> score(RankRequest request) {
        User user = request.user();
        LocalModel.UserPart u = last;
        if (u == null || u.user != user) {
            u = model.userPart(user);
            last = u;
        }
        int n = request.items().size();
        double[] out = new double[n];
        model.score(u, request.items(), 0, n, out);
        List<ItemScores> scores = new ArrayList<>(n);
        for (double v : out) {
            scores.add(ItemScores.of(v));
        }
        return scores;
    }

    /** Builds {@link LocalRanker}s. */
    public static final class Factory implements RankerFactory {

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public Ranker create(ComponentConfig config, PluginContext context) {
            String modelPath = config.child("LocalConf").require("ModelPath");
            Path path = context.resolvePath(modelPath);
            if (!Files.isRegularFile(path)) {
                throw new ConfigException("algo " + config.component(), "LocalConf.ModelPath",
                        "model file " + modelPath + " does not exist");
            }
            try {
                return new LocalRanker(LocalModel.load(path));
            } catch (LocalModel.ModelException e) {
                throw new ConfigException("algo " + config.component(), "LocalConf.ModelPath",
                        "model " + modelPath + " is invalid: " + e.getMessage(), e);
            }
        }

        @Override
        public List<ConfigException> check(ComponentConfig config) {
            try {
                config.child("LocalConf").require("ModelPath");
                return List.of();
            } catch (ConfigException e) {
                return List.of(new ConfigException("algo " + config.component(), "LocalConf.ModelPath", "is required"));
            }
        }
    }
}
