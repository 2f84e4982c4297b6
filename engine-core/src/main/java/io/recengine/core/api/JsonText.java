package io.recengine.core.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * JSON string literals written by Jackson, for the Go-compatible callback rows ({@code callback/GoJson}).
 * Escapes as Go's {@code encoding/json}: {@code \n \r \t} short, other control characters as lower-case
 * {@code \\u00xx}, and in Go's HTML-safe mode also {@code < > &} and U+2028/2029.
 */
public final class JsonText {

    private static final JsonFactory PLAIN = new JsonFactory().setCharacterEscapes(new GoEscapes(false));
    private static final JsonFactory HTML_SAFE = new JsonFactory().setCharacterEscapes(new GoEscapes(true));

    private JsonText() {
    }

    /** Appends {@code s} as a JSON string literal (quotes, backslash and control characters escaped). */
    public static void quote(StringBuilder sb, String s) {
        quote(sb, s, false);
    }

    /**
     * Appends {@code s} as a JSON string literal; with {@code goHtmlSafe} also {@code < > &} and U+2028/2029
     * as {@code \\u....}, as Go's {@code encoding/json} writes them by default.
     */
    public static void quote(StringBuilder sb, String s, boolean goHtmlSafe) {
        StringWriter w = new StringWriter(s.length() + 8);
        try (JsonGenerator g = (goHtmlSafe ? HTML_SAFE : PLAIN).createGenerator(w)) {
            g.writeString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        sb.append(w.getBuffer());
    }

    /** Go's escapes: Jackson's defaults write {@code \b \f} short and hex in upper case. */
    private static final class GoEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;

        private final int[] ascii;
        private final boolean htmlSafe;

        GoEscapes(boolean htmlSafe) {
            this.htmlSafe = htmlSafe;
            this.ascii = standardAsciiEscapesForJSON();
            for (int c = 0; c < 0x20; c++) {
                if (c != '\n' && c != '\r' && c != '\t') {
                    ascii[c] = ESCAPE_CUSTOM;
                }
            }
            if (htmlSafe) {
                ascii['<'] = ESCAPE_CUSTOM;
                ascii['>'] = ESCAPE_CUSTOM;
                ascii['&'] = ESCAPE_CUSTOM;
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch < 0x20 || htmlSafe && (ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029)) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
