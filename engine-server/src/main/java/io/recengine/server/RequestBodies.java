package io.recengine.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Decodes a request body by its {@code Content-Encoding}. Micronaut's own request decompression is switched
 * off ({@code micronaut.server.netty.request-decompression-enabled: false}), so this is the only place a
 * body is decompressed, and a corrupt body becomes PAI-Rec's {@code read parammeter error} rather than a
 * transport error.
 */
final class RequestBodies {

    /** The body cannot be decoded: corrupt data or an encoding we do not support. */
    static final class UnreadableBodyException extends IOException {
        private static final long serialVersionUID = 1L;

        UnreadableBodyException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The decoded body exceeds the limit. */
    static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(String message) {
            super(message);
        }
    }

    private RequestBodies() {
    }

    /**
     * @param contentEncoding the header value, null when absent; a list is undone right to left
     * @param body            the body as received, null when empty
     * @param maxBytes        the largest decoded body accepted
     */
    static byte[] decode(String contentEncoding, byte[] body, long maxBytes)
            throws UnreadableBodyException, BodyTooLargeException {
        byte[] data = body == null ? new byte[0] : body;
        if (contentEncoding == null || contentEncoding.isBlank() || data.length == 0) {
            return data;
        }
        String[] codings = contentEncoding.split(",");
        for (int i = codings.length - 1; i >= 0; i--) {
            String coding = codings[i].trim().toLowerCase(Locale.ROOT);
            switch (coding) {
                case "", "identity" -> { }
                case "gzip", "x-gzip" -> data = inflate(data, true, maxBytes, coding);
                case "deflate" -> data = inflate(data, false, maxBytes, coding);
                default -> throw new UnreadableBodyException("unsupported Content-Encoding '" + coding + "'", null);
            }
        }
        return data;
    }

    private static byte[] inflate(byte[] data, boolean gzip, long maxBytes, String coding)
            throws UnreadableBodyException, BodyTooLargeException {
        try (InputStream in = gzip ? new GZIPInputStream(new java.io.ByteArrayInputStream(data))
                : new InflaterInputStream(new java.io.ByteArrayInputStream(data))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(32, data.length * 4));
            byte[] buf = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new BodyTooLargeException("decoded request body exceeds " + maxBytes + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (BodyTooLargeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UnreadableBodyException("corrupt " + coding + " request body: " + e.getMessage(), e);
        }
    }
}
