package io.recengine.plugin.easyrec;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The keys every processor of this plugin reads from its block ({@code EasConf}, or {@code TFservingConf}
 * for {@code Type TFSERVING}): {@code Url}, {@code Auth}, {@code Timeout} (ms per attempt, default 100),
 * {@code RetryTimes} (attempts, default 2), {@code ResponseFuncName}, {@code SignatureName},
 * {@code Outputs}, {@code EndpointType}.
 */
record EasSettings(URI uri, String auth, int timeoutMs, int attempts, String function, String signatureName,
                   List<String> outputs, String endpointType) {

    /**
     * Reads and checks {@code block} of {@code config}.
     *
     * @param functions the response functions this processor scores with; the first is the default
     * @param refused   response functions PAI-Rec defines for this processor that do not score items
     *                  (embeddings for recalls), with the reason
     */
    static EasSettings read(ComponentConfig config, String block, String processor, List<String> functions,
                            Map<String, String> refused) {
        String who = "algo " + config.component();
        ComponentConfig eas = config.child(block);
        String url = eas.string("Url");
        if (url.isEmpty()) {
            throw new ConfigException(who, block + ".Url", "is required, e.g. http://<host>/api/predict/<service>");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(who, block + ".Url", "is not a URL: " + e.getMessage());
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new ConfigException(who, block + ".Url", "must be an http(s) URL, got \"" + url + "\"");
        }
        String function = eas.string("ResponseFuncName", functions.get(0));
        if (function.isEmpty()) {
            function = functions.get(0);
        }
        if (refused.containsKey(function)) {
            throw new ConfigException(who, block + ".ResponseFuncName", "response function \"" + function
                    + "\" of processor " + processor + " " + refused.get(function) + "; for rank models use one of: "
                    + known(functions));
        }
        if (!functions.contains(function)) {
            throw new ConfigException(who, block + ".ResponseFuncName", "unknown response function \"" + function
                    + "\" for processor " + processor + "; known: " + known(functions));
        }
        int timeout = eas.integer("Timeout", 0);
        int retries = eas.integer("RetryTimes", 0);
        return new EasSettings(uri, eas.string("Auth"), timeout > 0 ? timeout : 100, retries > 0 ? retries : 2,
                function, eas.string("SignatureName"), eas.stringList("Outputs"),
                eas.string("EndpointType").toUpperCase(Locale.ROOT));
    }

    private static String known(List<String> functions) {
        return functions.contains("") ? "none needed (leave it empty: the answer is read as PAI-Rec reads it), or "
                + String.join(", ", functions.subList(1, functions.size())) : String.join(", ", functions);
    }
}
