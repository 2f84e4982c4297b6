package io.recengine.plugin.pmml;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.PluginContext;
import io.recengine.spi.Ranker;
import io.recengine.spi.RankerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ranker type {@code PMML}, reached two ways: {@code "Type": "PMML"} with a {@code PMMLConf} block (the
 * model in process, {@link PmmlRanker}: {@code ModelPath} relative to the config file, optional
 * {@code Outputs} score name to reference) and {@code "Type": "EAS"} with {@code EasConf.Processor "PMML"}
 * (PAI-Rec's call to a PMML service, {@link PmmlEasRanker}: {@code Url}, {@code Auth}, {@code Timeout},
 * {@code RetryTimes}, {@code ResponseFuncName} {@code pssmartResponseFunc}).
 */
final class PmmlRankerFactory implements RankerFactory {

    @Override
    public String type() {
        return "PMML";
    }

    @Override
    public Set<String> secretKeys() {
        return Set.of("Auth");
    }

    @Override
    public List<ConfigException> check(ComponentConfig config) {
        try {
            if (isEas(config)) {
                eas(config);
            } else {
                modelPath(config);
                outputs(config);
            }
            return List.of();
        } catch (ConfigException e) {
            return List.of(e);
        }
    }

    @Override
    public Ranker create(ComponentConfig config, PluginContext context) {
        if (isEas(config)) {
            return eas(config);
        }
        String who = "algo " + config.component();
        String modelPath = modelPath(config);
        Map<String, String> refs = outputs(config);
        Path path = context.resolvePath(modelPath);
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(who, "PMMLConf.ModelPath", "model file " + modelPath + " does not exist");
        }
        PmmlModel model;
        try (InputStream in = Files.newInputStream(path)) {
            model = PmmlModel.parse(in);
        } catch (IOException e) {
            throw new ConfigException(who, "PMMLConf.ModelPath", "cannot read " + modelPath + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(who, "PMMLConf.ModelPath", "model " + modelPath + " is not a PMML model this"
                    + " engine evaluates: " + e.getMessage(), e);
        }
        Map<String, PmmlRanker.Score> scores = new LinkedHashMap<>();
        if (refs.isEmpty()) {
            scores.put("", PmmlRanker.defaultScore(model));
        }
        for (Map.Entry<String, String> e : refs.entrySet()) {
            try {
                scores.put(e.getKey(), PmmlRanker.score(model, e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new ConfigException(who, "PMMLConf.Outputs." + e.getKey(), ex.getMessage());
            }
        }
        return new PmmlRanker(model, scores);
    }

    private static boolean isEas(ComponentConfig config) {
        return "EAS".equalsIgnoreCase(config.string("Type"));
    }

    private static String modelPath(ComponentConfig config) {
        String p = config.child("PMMLConf").string("ModelPath");
        if (p.isEmpty()) {
            throw new ConfigException("algo " + config.component(), "PMMLConf.ModelPath",
                    "is required: the .pmml file, relative to the config file");
        }
        return p;
    }

    private static Map<String, String> outputs(ComponentConfig config) {
        Object raw = config.child("PMMLConf").raw("Outputs");
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        if (!(raw instanceof Map<?, ?> m)) {
            throw new ConfigException("algo " + config.component(), "PMMLConf.Outputs",
                    "must be an object of score name to output, e.g. {\"ctr\": \"probability(1)\"}");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s) || s.isEmpty() || String.valueOf(e.getKey()).isEmpty()) {
                throw new ConfigException("algo " + config.component(), "PMMLConf.Outputs",
                        "entry \"" + e.getKey() + "\" must name an output: predictedValue, probability(<category>)"
                                + " or an OutputField of the model");
            }
            out.put(String.valueOf(e.getKey()), s);
        }
        return out;
    }

    private static PmmlEasRanker eas(ComponentConfig config) {
        String who = "algo " + config.component();
        ComponentConfig eas = config.child("EasConf");
        String url = eas.string("Url");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(who, "EasConf.Url", "is not a URL: " + e.getMessage());
        }
        if (url.isEmpty() || (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()))) {
            throw new ConfigException(who, "EasConf.Url", "must be an http(s) URL, e.g. http://<host>/api/predict/<service>");
        }
        String function = eas.string("ResponseFuncName");
        if (!function.isEmpty() && !function.equals(PmmlEasRanker.FUNCTION)) {
            throw new ConfigException(who, "EasConf.ResponseFuncName", "unknown response function \"" + function
                    + "\" for processor PMML; known: " + PmmlEasRanker.FUNCTION);
        }
        int timeout = eas.integer("Timeout", 0);
        int retries = eas.integer("RetryTimes", 0);
        return new PmmlEasRanker(config.name(), uri, eas.string("Auth"), timeout > 0 ? timeout : 100,
                retries > 0 ? retries : 2);
    }
}
