package io.recengine.server.aime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits a raw query string (or a form body) on {@code &} only, then percent-decodes names and values
 * as UTF-8. Netty's decoder also splits on {@code ;}, which breaks AIME's vector trigger lists
 * ({@code 0.1,0.2;0.3,0.4}), so the match engine always parses the raw text itself.
 */
final class QueryStrings {

    private QueryStrings() {
    }

    /**
     * @param raw         the text after {@code ?} (null or empty: no parameters)
     * @param plusIsSpace true for form bodies ({@code application/x-www-form-urlencoded}), where {@code +}
     *                    means a space; false for {@code /be} query strings, where it stays a plus (a
     *                    raw exponent such as {@code 1e+5} must survive)
     * @return name -> value in order; of repeated names the first wins
     * @throws IllegalArgumentException on a malformed percent escape
     */
    static Map<String, String> parse(String raw, boolean plusIsSpace) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        int start = 0;
        int n = raw.length();
        while (start <= n) {
            int amp = raw.indexOf('&', start);
            if (amp < 0) {
                amp = n;
            }
            if (amp > start) {
                String pair = raw.substring(start, amp);
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), plusIsSpace);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), plusIsSpace);
                if (!name.isEmpty()) {
                    out.putIfAbsent(name, value);
                }
            }
            start = amp + 1;
        }
        return out;
    }

    static String decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("truncated percent escape at " + i);
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad percent escape '" + s.substring(i, i + 3) + "'");
                }
                out.write((hi << 4) | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else if (c < 0x80) {
                out.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
