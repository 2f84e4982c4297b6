package io.recengine.server.aime;

import io.recengine.core.match.MatchUser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP Basic authentication of AIME requests against {@code MatchEngineConf.Users}. Passwords are
 * compared in constant time. Thread-safe (immutable).
 */
final class BasicAuth {

    private final Map<String, byte[]> passwords = new HashMap<>();

    BasicAuth(List<MatchUser> users) {
        for (MatchUser u : users) {
            passwords.put(u.username(), u.password().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** True when no users are configured or the header carries a configured user's password. */
    boolean authorized(String authorization) {
        if (passwords.isEmpty()) {
            return true;
        }
        if (authorization == null || authorization.length() < 6
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        byte[] expected = passwords.get(decoded.substring(0, colon));
        byte[] given = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        if (expected == null) {
            MessageDigest.isEqual(given, given); // similar time for unknown users
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }
}
