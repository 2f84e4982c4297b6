package io.recengine.server.aime;

import io.recengine.core.match.MatchUser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP Basic authentication of AIME requests against {@code MatchEngineConf.Users}. Passwords are kept and
 * compared as SHA-256 digests with {@link MessageDigest#isEqual}: the comparison takes the same time
 * whatever the given password's length and content, and an unknown user is compared against a dummy
 * digest, so timing tells neither the password nor whether the user exists. Wrong passwords are limited
 * per client by {@link LoginThrottle}. Thread-safe (immutable).
 */
public final class BasicAuth {

    private static final byte[] NO_USER = sha256(new byte[] {0});

    private final Map<String, byte[]> digests = new HashMap<>();

    public BasicAuth(List<MatchUser> users) {
        for (MatchUser u : users) {
            digests.put(u.username(), sha256(u.password().getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** True when no users are configured or the header carries a configured user's password. */
    public boolean authorized(String authorization) {
        if (digests.isEmpty()) {
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
        byte[] expected = digests.get(decoded.substring(0, colon));
        byte[] given = sha256(decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
        boolean equal = MessageDigest.isEqual(expected == null ? NO_USER : expected, given);
        return expected != null && equal;
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
