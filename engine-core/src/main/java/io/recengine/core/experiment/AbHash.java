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
        int n = head.length + tail.length;
        if (n <= SINGLE_BLOCK) {
            return singleBlock(head, tail, n);
        }
        MessageDigest md5 = MD5.get();
        md5.update(head);
        md5.update(tail);
        return fnv1(md5.digest());
    }

    /** Longest key whose MD5 is one 64-byte block (the key, the 0x80 pad byte and the 64-bit length). */
    static final int SINGLE_BLOCK = 55;

    private static final int[] SHIFT = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};
    private static final int[] K = new int[64];

    static {
        for (int i = 0; i < 64; i++) {
            K[i] = (int) (long) Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296.0);
        }
    }

    /**
     * MD5 of a key of at most {@link #SINGLE_BLOCK} bytes, then FNV-1 over its digest, without a
     * MessageDigest: a uid and a layer's suffix are one block, and the API's buffering, padding and digest
     * arrays cost more than the compression itself. The same function as {@link #of(String)} (tested
     * against the JDK's MD5 for every length).
     */
    private static long singleBlock(byte[] head, byte[] tail, int n) {
        int[] x = new int[16]; // little-endian words of the padded block; scalar-replaced by the JIT or cheap
        for (int i = 0; i < head.length; i++) {
            x[i >>> 2] |= (head[i] & 0xff) << ((i & 3) << 3);
        }
        for (int j = 0; j < tail.length; j++) {
            int i = head.length + j;
            x[i >>> 2] |= (tail[j] & 0xff) << ((i & 3) << 3);
        }
        x[n >>> 2] |= 0x80 << ((n & 3) << 3);
        long bits = (long) n << 3;
        x[14] = (int) bits;
        x[15] = (int) (bits >>> 32);
        int a0 = 0x67452301;
        int b0 = 0xefcdab89;
        int c0 = 0x98badcfe;
        int d0 = 0x10325476;
        int a = a0;
        int b = b0;
        int c = c0;
        int d = d0;
        for (int i = 0; i < 64; i++) {
            int f;
            int g;
            if (i < 16) {
                f = (b & c) | (~b & d);
                g = i;
            } else if (i < 32) {
                f = (d & b) | (~d & c);
                g = (5 * i + 1) & 15;
            } else if (i < 48) {
                f = b ^ c ^ d;
                g = (3 * i + 5) & 15;
            } else {
                f = c ^ (b | ~d);
                g = (7 * i) & 15;
            }
            int tmp = d;
            d = c;
            c = b;
            b = b + Integer.rotateLeft(a + f + K[i] + x[g], SHIFT[((i >>> 4) << 2) | (i & 3)]);
            a = tmp;
        }
        a += a0;
        b += b0;
        c += c0;
        d += d0;
        // FNV-1 over the 16 digest bytes: a, b, c, d, each little-endian
        long h = FNV64_OFFSET;
        h = fnv1Word(h, a);
        h = fnv1Word(h, b);
        h = fnv1Word(h, c);
        h = fnv1Word(h, d);
        return h;
    }

    private static long fnv1Word(long h, int w) {
        for (int k = 0; k < 32; k += 8) {
            h *= FNV64_PRIME;
            h ^= (w >>> k) & 0xff;
        }
        return h;
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
