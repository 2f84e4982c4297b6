package io.recengine.core.experiment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AbHashTest {

    /**
     * Expected values from an independent implementation (Python: hashlib.md5, then FNV-1 64 over the
     * digest), the function PAI-Rec's experiment client applies to its hash keys.
     */
    @Test
    void isFnv1SixtyFourOverTheMd5Digest() {
        assertThat(Long.toUnsignedString(AbHash.of("1_EXPROOM1_LAYER1_EXPGROUP1"))).isEqualTo("8249832050780353449");
        assertThat(Long.toUnsignedString(AbHash.of("abc"))).isEqualTo("18096870295892520845");
        assertThat(Long.toUnsignedString(AbHash.of("user-42_EXPROOM7_LAYER3"))).isEqualTo("5432520634143126803");
    }

    /** The single-block MD5 path gives the JDK's MD5 for every split of every key length around the block limit. */
    @Test
    void theSingleBlockPathMatchesTheJdksMd5ForEveryLength() {
        java.util.Random random = new java.util.Random(7);
        for (int n = 0; n <= 80; n++) {
            byte[] key = new byte[n];
            random.nextBytes(key);
            long expected = viaJdk(key);
            for (int split = 0; split <= n; split++) {
                byte[] head = java.util.Arrays.copyOfRange(key, 0, split);
                byte[] tail = java.util.Arrays.copyOfRange(key, split, n);
                assertThat(AbHash.of(head, tail)).as("length %d split %d", n, split).isEqualTo(expected);
            }
        }
        assertThat(AbHash.of("1".getBytes(), "_EXPROOM1_LAYER1_EXPGROUP1".getBytes()))
                .isEqualTo(AbHash.of("1_EXPROOM1_LAYER1_EXPGROUP1"));
    }

    private static long viaJdk(byte[] key) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("MD5").digest(key);
            long h = 0xcbf29ce484222325L;
            for (byte b : d) {
                h *= 0x100000001b3L;
                h ^= (b & 0xff);
            }
            return h;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void bucketsReadTheHashAsUnsigned() {
        long h = AbHash.of("abc"); // above 2^63: negative as a signed long
        assertThat(h).isNegative();
        assertThat(AbHash.bucket(h, 100)).isEqualTo(45);
        assertThat(AbHash.bucket(AbHash.of("1_EXPROOM1_LAYER1_EXPGROUP1"), 100)).isEqualTo(49);
    }

    @Test
    void bucketRangesAreHalfOpenAsTheAbServiceWritesThem() {
        Buckets b = Buckets.parse(100, "0-30, 50 ,90-100", "t");
        assertThat(b.contains(0)).isTrue();
        assertThat(b.contains(29)).isTrue();
        assertThat(b.contains(30)).isFalse();
        assertThat(b.contains(50)).isTrue();
        assertThat(b.contains(99)).isTrue();
        assertThat(b.contains(150)).as("150 mod 100").isTrue();
        assertThat(b.contains(149)).as("149 mod 100").isFalse();
        assertThat(b.share()).isEqualTo(0.41);
    }
}
