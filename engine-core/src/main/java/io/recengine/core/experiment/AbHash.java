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
        int x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3], x4 = x[4], x5 = x[5], x6 = x[6], x7 = x[7];
        int x8 = x[8], x9 = x[9], x10 = x[10], x11 = x[11], x12 = x[12], x13 = x[13], x14 = x[14], x15 = x[15];
        // the 64 steps unrolled (constants inline): the JIT keeps everything in registers
        int a = 0x67452301;
        int b = 0xefcdab89;
        int c = 0x98badcfe;
        int d = 0x10325476;
        a = b + Integer.rotateLeft(a + ((b & c) | (~b & d)) + 0xd76aa478 + x0, 7);
        d = a + Integer.rotateLeft(d + ((a & b) | (~a & c)) + 0xe8c7b756 + x1, 12);
        c = d + Integer.rotateLeft(c + ((d & a) | (~d & b)) + 0x242070db + x2, 17);
        b = c + Integer.rotateLeft(b + ((c & d) | (~c & a)) + 0xc1bdceee + x3, 22);
        a = b + Integer.rotateLeft(a + ((b & c) | (~b & d)) + 0xf57c0faf + x4, 7);
        d = a + Integer.rotateLeft(d + ((a & b) | (~a & c)) + 0x4787c62a + x5, 12);
        c = d + Integer.rotateLeft(c + ((d & a) | (~d & b)) + 0xa8304613 + x6, 17);
        b = c + Integer.rotateLeft(b + ((c & d) | (~c & a)) + 0xfd469501 + x7, 22);
        a = b + Integer.rotateLeft(a + ((b & c) | (~b & d)) + 0x698098d8 + x8, 7);
        d = a + Integer.rotateLeft(d + ((a & b) | (~a & c)) + 0x8b44f7af + x9, 12);
        c = d + Integer.rotateLeft(c + ((d & a) | (~d & b)) + 0xffff5bb1 + x10, 17);
        b = c + Integer.rotateLeft(b + ((c & d) | (~c & a)) + 0x895cd7be + x11, 22);
        a = b + Integer.rotateLeft(a + ((b & c) | (~b & d)) + 0x6b901122 + x12, 7);
        d = a + Integer.rotateLeft(d + ((a & b) | (~a & c)) + 0xfd987193 + x13, 12);
        c = d + Integer.rotateLeft(c + ((d & a) | (~d & b)) + 0xa679438e + x14, 17);
        b = c + Integer.rotateLeft(b + ((c & d) | (~c & a)) + 0x49b40821 + x15, 22);
        a = b + Integer.rotateLeft(a + ((d & b) | (~d & c)) + 0xf61e2562 + x1, 5);
        d = a + Integer.rotateLeft(d + ((c & a) | (~c & b)) + 0xc040b340 + x6, 9);
        c = d + Integer.rotateLeft(c + ((b & d) | (~b & a)) + 0x265e5a51 + x11, 14);
        b = c + Integer.rotateLeft(b + ((a & c) | (~a & d)) + 0xe9b6c7aa + x0, 20);
        a = b + Integer.rotateLeft(a + ((d & b) | (~d & c)) + 0xd62f105d + x5, 5);
        d = a + Integer.rotateLeft(d + ((c & a) | (~c & b)) + 0x02441453 + x10, 9);
        c = d + Integer.rotateLeft(c + ((b & d) | (~b & a)) + 0xd8a1e681 + x15, 14);
        b = c + Integer.rotateLeft(b + ((a & c) | (~a & d)) + 0xe7d3fbc8 + x4, 20);
        a = b + Integer.rotateLeft(a + ((d & b) | (~d & c)) + 0x21e1cde6 + x9, 5);
        d = a + Integer.rotateLeft(d + ((c & a) | (~c & b)) + 0xc33707d6 + x14, 9);
        c = d + Integer.rotateLeft(c + ((b & d) | (~b & a)) + 0xf4d50d87 + x3, 14);
        b = c + Integer.rotateLeft(b + ((a & c) | (~a & d)) + 0x455a14ed + x8, 20);
        a = b + Integer.rotateLeft(a + ((d & b) | (~d & c)) + 0xa9e3e905 + x13, 5);
        d = a + Integer.rotateLeft(d + ((c & a) | (~c & b)) + 0xfcefa3f8 + x2, 9);
        c = d + Integer.rotateLeft(c + ((b & d) | (~b & a)) + 0x676f02d9 + x7, 14);
        b = c + Integer.rotateLeft(b + ((a & c) | (~a & d)) + 0x8d2a4c8a + x12, 20);
        a = b + Integer.rotateLeft(a + (b ^ c ^ d) + 0xfffa3942 + x5, 4);
        d = a + Integer.rotateLeft(d + (a ^ b ^ c) + 0x8771f681 + x8, 11);
        c = d + Integer.rotateLeft(c + (d ^ a ^ b) + 0x6d9d6122 + x11, 16);
        b = c + Integer.rotateLeft(b + (c ^ d ^ a) + 0xfde5380c + x14, 23);
        a = b + Integer.rotateLeft(a + (b ^ c ^ d) + 0xa4beea44 + x1, 4);
        d = a + Integer.rotateLeft(d + (a ^ b ^ c) + 0x4bdecfa9 + x4, 11);
        c = d + Integer.rotateLeft(c + (d ^ a ^ b) + 0xf6bb4b60 + x7, 16);
        b = c + Integer.rotateLeft(b + (c ^ d ^ a) + 0xbebfbc70 + x10, 23);
        a = b + Integer.rotateLeft(a + (b ^ c ^ d) + 0x289b7ec6 + x13, 4);
        d = a + Integer.rotateLeft(d + (a ^ b ^ c) + 0xeaa127fa + x0, 11);
        c = d + Integer.rotateLeft(c + (d ^ a ^ b) + 0xd4ef3085 + x3, 16);
        b = c + Integer.rotateLeft(b + (c ^ d ^ a) + 0x04881d05 + x6, 23);
        a = b + Integer.rotateLeft(a + (b ^ c ^ d) + 0xd9d4d039 + x9, 4);
        d = a + Integer.rotateLeft(d + (a ^ b ^ c) + 0xe6db99e5 + x12, 11);
        c = d + Integer.rotateLeft(c + (d ^ a ^ b) + 0x1fa27cf8 + x15, 16);
        b = c + Integer.rotateLeft(b + (c ^ d ^ a) + 0xc4ac5665 + x2, 23);
        a = b + Integer.rotateLeft(a + (c ^ (b | ~d)) + 0xf4292244 + x0, 6);
        d = a + Integer.rotateLeft(d + (b ^ (a | ~c)) + 0x432aff97 + x7, 10);
        c = d + Integer.rotateLeft(c + (a ^ (d | ~b)) + 0xab9423a7 + x14, 15);
        b = c + Integer.rotateLeft(b + (d ^ (c | ~a)) + 0xfc93a039 + x5, 21);
        a = b + Integer.rotateLeft(a + (c ^ (b | ~d)) + 0x655b59c3 + x12, 6);
        d = a + Integer.rotateLeft(d + (b ^ (a | ~c)) + 0x8f0ccc92 + x3, 10);
        c = d + Integer.rotateLeft(c + (a ^ (d | ~b)) + 0xffeff47d + x10, 15);
        b = c + Integer.rotateLeft(b + (d ^ (c | ~a)) + 0x85845dd1 + x1, 21);
        a = b + Integer.rotateLeft(a + (c ^ (b | ~d)) + 0x6fa87e4f + x8, 6);
        d = a + Integer.rotateLeft(d + (b ^ (a | ~c)) + 0xfe2ce6e0 + x15, 10);
        c = d + Integer.rotateLeft(c + (a ^ (d | ~b)) + 0xa3014314 + x6, 15);
        b = c + Integer.rotateLeft(b + (d ^ (c | ~a)) + 0x4e0811a1 + x13, 21);
        a = b + Integer.rotateLeft(a + (c ^ (b | ~d)) + 0xf7537e82 + x4, 6);
        d = a + Integer.rotateLeft(d + (b ^ (a | ~c)) + 0xbd3af235 + x11, 10);
        c = d + Integer.rotateLeft(c + (a ^ (d | ~b)) + 0x2ad7d2bb + x2, 15);
        b = c + Integer.rotateLeft(b + (d ^ (c | ~a)) + 0xeb86d391 + x9, 21);
        a += 0x67452301;
        b += 0xefcdab89;
        c += 0x98badcfe;
        d += 0x10325476;
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
