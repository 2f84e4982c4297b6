package io.recengine.core.api;

/** JSON string literals for the hand-written JSON writers (AIME replies, Go-compatible callback rows). */
public final class JsonText {

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
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || goHtmlSafe && (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029')) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
