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
 * {@code Outputs}, {@code EndpointType}, {@code ModelName}.
 *
 * @param uri    {@code Url} of an HTTP processor; null for a gRPC one
 * @param target {@code Url} as given: the gRPC target ({@code host:port}) of a gRPC processor
 */
record EasSettings(URI uri, String target, String auth, int timeoutMs, int attempts, String function,
                   String signatureName, List<String> outputs, String endpointType, String modelName) {

    /** How a processor reaches its server, which decides what {@code Url} must look like. */
    enum Transport {
        /** An http(s) URL, e.g. {@code http://<host>/api/predict/<service>}. */
        HTTP,
        /** A gRPC target as PAI-Rec dials it: {@code host:port}, or {@code dns:///host:port}. */
        GRPC
    }

    /**
     * Reads and checks {@code block} of {@code config}.
     *
     * @param functions the response functions this processor scores with; the first is the default
     * @param refused   response functions PAI-Rec defines for this processor that do not score items
     *                  (embeddings for recalls), with the reason
     */
    static EasSettings read(ComponentConfig config, String block, String processor, List<String> functions,
                            Map<String, String> refused, Transport transport) {
        String who = "algo " + config.component();
        ComponentConfig eas = config.child(block);
        String url = eas.string("Url");
        URI uri = transport == Transport.HTTP ? httpUrl(who, block, url) : null;
        if (transport == Transport.GRPC) {
            checkTarget(who, block, processor, url);
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
        return new EasSettings(uri, url, eas.string("Auth"), timeout > 0 ? timeout : 100, retries > 0 ? retries : 2,
                function, eas.string("SignatureName"), eas.stringList("Outputs"),
                eas.string("EndpointType").toUpperCase(Locale.ROOT), eas.string("ModelName"));
    }

    private static URI httpUrl(String who, String block, String url) {
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
        return uri;
    }

    /**
     * A gRPC target as PAI-Rec hands it to the dialer: {@code host:port} (or an explicit {@code dns:///}
     * one). An http URL is refused: PAI-Rec's dialer cannot use one either, it fails on every call.
     */
    private static void checkTarget(String who, String block, String processor, String url) {
        String example = "e.g. \"<service>.<region>.pai-eas.aliyuncs.com:80\" or \"127.0.0.1:8500\"";
        if (url.isEmpty()) {
            throw new ConfigException(who, block + ".Url", "is required: the gRPC target host:port of processor "
                    + processor + ", " + example);
        }
        String hostPort = url.startsWith("dns:///") ? url.substring("dns:///".length()) : url;
        if (hostPort.contains("://")) {
            throw new ConfigException(who, block + ".Url", "processor " + processor + " dials gRPC, so Url is a"
                    + " target host:port, not a URL: got \"" + url + "\", " + example);
        }
        int colon = hostPort.lastIndexOf(':');
        int port = -1;
        if (colon > 0 && colon < hostPort.length() - 1) {
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (port < 1 || port > 65535 || hostPort.indexOf('/') >= 0) {
            throw new ConfigException(who, block + ".Url", "processor " + processor + " needs a gRPC target"
                    + " host:port, got \"" + url + "\", " + example);
        }
    }

    private static String known(List<String> functions) {
        return functions.contains("") ? "none needed (leave it empty: the answer is read as PAI-Rec reads it), or "
                + String.join(", ", functions.subList(1, functions.size())) : String.join(", ", functions);
    }
}
