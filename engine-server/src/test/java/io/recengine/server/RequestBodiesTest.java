package io.recengine.server;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestBodiesTest {

    private static final byte[] JSON = "{\"uid\":\"1\"}".getBytes(StandardCharsets.UTF_8);

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void identity() throws Exception {
        assertThat(RequestBodies.decode(null, JSON, 100)).isEqualTo(JSON);
        assertThat(RequestBodies.decode("identity", JSON, 100)).isEqualTo(JSON);
        assertThat(RequestBodies.decode("gzip", null, 100)).isEmpty();
    }

    @Test
    void gzipAndDeflate() throws Exception {
        assertThat(RequestBodies.decode("gzip", gzip(JSON), 100)).isEqualTo(JSON);
        assertThat(RequestBodies.decode("X-GZIP", gzip(JSON), 100)).isEqualTo(JSON);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out)) {
            d.write(JSON);
        }
        assertThat(RequestBodies.decode("deflate", out.toByteArray(), 100)).isEqualTo(JSON);
    }

    @Test
    void corruptOrUnsupported() throws Exception {
        assertThatThrownBy(() -> RequestBodies.decode("gzip", JSON, 100))
                .isInstanceOf(RequestBodies.UnreadableBodyException.class);
        byte[] truncated = gzip(JSON);
        byte[] cut = java.util.Arrays.copyOf(truncated, truncated.length - 6);
        assertThatThrownBy(() -> RequestBodies.decode("gzip", cut, 100))
                .isInstanceOf(RequestBodies.UnreadableBodyException.class);
        assertThatThrownBy(() -> RequestBodies.decode("zstd", JSON, 100))
                .isInstanceOf(RequestBodies.UnreadableBodyException.class).hasMessageContaining("zstd");
    }

    @Test
    void decodedSizeIsLimited() throws Exception {
        byte[] big = gzip(new byte[10_000]);
        assertThatThrownBy(() -> RequestBodies.decode("gzip", big, 5_000))
                .isInstanceOf(RequestBodies.BodyTooLargeException.class);
        assertThat(RequestBodies.decode("gzip", big, 10_000)).hasSize(10_000);
    }
}
