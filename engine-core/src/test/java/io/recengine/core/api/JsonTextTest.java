package io.recengine.core.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTextTest {

    private static String quote(String s, boolean htmlSafe) {
        StringBuilder sb = new StringBuilder("x");
        JsonText.quote(sb, s, htmlSafe);
        return sb.toString();
    }

    @Test
    void escapesAsGoDoes() {
        assertThat(quote("a\"b\\c\nd\re\tf", false)).isEqualTo("x\"a\\\"b\\\\c\\nd\\re\\tf\"");
        assertThat(quote("\b\f\u0001\u001f", false)).isEqualTo("x\"\\u0008\\u000c\\u0001\\u001f\"");
        assertThat(quote("<a&b>\u2028é", false)).isEqualTo("x\"<a&b>\u2028é\"");
        assertThat(quote("<a&b>\u2028\u2029é", true)).isEqualTo("x\"\\u003ca\\u0026b\\u003e\\u2028\\u2029é\"");
    }
}
