package io.recengine.core.generation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.core.config.EngineConfig;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Which config a generation serves: a short hash of the file's bytes (and of the experiment file's, when
 * the config names one) and when it was loaded. Two versions with the same hash are the same config, so a
 * reload of unchanged files is a no-op. Shown by {@code /health}.
 *
 * @param hash     the first 12 hex digits of SHA-256 over the files' contents
 * @param loadedAt when the files were read
 */
public record ConfigVersion(String hash, Instant loadedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ConfigVersion {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(loadedAt, "loadedAt");
    }

    /** The version of {@code contents} (each file's bytes, in a fixed order), loaded at {@code at}. */
    public static ConfigVersion of(List<byte[]> contents, Instant at) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        for (byte[] c : contents) {
            // the length first: ("ab","c") and ("a","bc") are different pairs of files
            sha.update(Integer.toString(c.length).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            sha.update(c);
        }
        return new ConfigVersion(HexFormat.of().formatHex(sha.digest()).substring(0, 12), at);
    }

    /** The version of a config that was not read from a file (tests, embedding): its JSON, now. */
    public static ConfigVersion of(EngineConfig config) {
        try {
            return of(List.of(JSON.writeValueAsBytes(config.root().asMap())), Instant.now());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a config read from JSON writes as JSON", e);
        }
    }
}
