package io.recengine.core.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The A/B service's traffic hash: FNV-1 (64-bit) over the MD5 digest of the key's UTF-8 bytes, an
 * unsigned 64-bit value. The same function as PAI-Rec's experiment client, so a uid lands in the same
 * buckets here as there. Thread-safe.
 */
final class AbHash {

    private static final long FNV64_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV64_PRIME = 0x100000001b3L;

    /** One MessageDigest per thread: getInstance costs more than the digest of a short key. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every Java platform", e);
        }
    });

    private AbHash() {
    }

    /** The unsigned hash of {@code key}, as a long (read it with the unsigned methods of {@link Long}). */
    static long of(String key) {
        return fnv1(MD5.get().digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    /** The hash of the key {@code head + tail} (UTF-8 bytes), without building the key. */
    static long of(byte[] head, byte[] tail) {
        MessageDigest md5 = MD5.get();
        md5.update(head);
        md5.update(tail);
        return fnv1(md5.digest());
    }

    private static long fnv1(byte[] digest) {
        long h = FNV64_OFFSET;
        for (byte b : digest) {
            h *= FNV64_PRIME; // FNV-1: multiply, then xor
            h ^= (b & 0xff);
        }
        return h;
    }

    /** {@code hash mod n} with the hash read as unsigned. */
    static int bucket(long hash, int n) {
        return (int) Long.remainderUnsigned(hash, n);
    }
}
