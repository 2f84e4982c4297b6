package io.recengine.core.callback;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.impl.UnknownSerializer;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.recengine.spi.TypedFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;

/**
 * JSON text as Go's {@code encoding/json} prints the maps PAI-Rec logs: object keys sorted (as text, also
 * for numeric keys), floats in Go's shortest form ({@code 25}, {@code 0.95}, {@code 1e+21}), {@code <},
 * {@code >}, {@code &}, U+2028 and U+2029 escaped as {@code \u003c} etc., control characters other than
 * {@code \n \r \t} in lowercase hex ({@code \u001f}). Used for the {@code user_features},
 * {@code item_features} and {@code request_info} columns so that training tables built from PAI-Rec logs
 * keep their bytes.
 *
 * <p>All of it is one Jackson configuration ({@link #MAPPER}: character escapes, number serializers, a
 * sorted-map serializer), built once and shared; values are streamed, no tree is built. Values of types
 * Jackson would treat as beans print as their {@code toString()} text, as PAI-Rec's {@code %v} would.
 * Thread-safe.
 */
final class GoJson {

    /** The Go-compatible writer; immutable and thread-safe. */
    static final ObjectWriter MAPPER = JsonMapper.builder(new JsonFactoryBuilder()
                    .characterEscapes(new GoEscapes()).build())
            .addModule(goModule())
            .build()
            .writer();

    private GoJson() {
    }

    /** {@code v} as Go's {@code json.Marshal} prints it. */
    static String write(Object v) {
        try {
            return MAPPER.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            // only a value whose toString() throws gets here
            throw new UncheckedIOException(e);
        }
    }

    private static SimpleModule goModule() {
        SimpleModule m = new SimpleModule("go-encoding-json");
        StdSerializer<Number> goFloat = new StdSerializer<>(Number.class) {
            @Override
            public void serialize(Number n, JsonGenerator g, SerializerProvider p) throws IOException {
                double d = n.doubleValue();
                String javaText = n instanceof Float f ? Float.toString(f) : Double.toString(d);
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    // Go refuses to encode these; a string keeps the row readable
                    g.writeString(javaText);
                } else {
                    g.writeNumber(goFloat(d, javaText));
                }
            }
        };
        m.addSerializer(Double.class, goFloat);
        m.addSerializer(Double.TYPE, goFloat);
        m.addSerializer(Float.class, goFloat);
        m.addSerializer(Float.TYPE, goFloat);
        m.addSerializer(BigDecimal.class, new StdSerializer<>(BigDecimal.class) {
            @Override
            public void serialize(BigDecimal bd, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeNumber(bd.stripTrailingZeros().toPlainString());
            }
        });
        m.addSerializer(TypedFeature.class, new StdSerializer<>(TypedFeature.class) {
            @Override
            public void serialize(TypedFeature tf, JsonGenerator g, SerializerProvider p) throws IOException {
                p.defaultSerializeValue(tf.value(), g);
            }
        });
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Map<?, ?>> mapClass = (Class) Map.class;
        m.addSerializer(mapClass, new SortedMapSerializer(mapClass));
        m.setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription desc,
                                                      JsonSerializer<?> serializer) {
                // only what Jackson would introspect as a bean; JDK scalars keep their serializers
                boolean bean = serializer instanceof BeanSerializerBase || serializer instanceof UnknownSerializer;
                return bean ? ToStringSerializer.instance : serializer;
            }
        });
        return m;
    }

    /**
     * Go sorts a map's keys by their text ({@code "10"} before {@code "2"} for a {@code map[int]...}), which
     * Jackson's {@code ORDER_MAP_ENTRIES_BY_KEYS} does not do for non-string keys.
     */
    private static final class SortedMapSerializer extends StdSerializer<Map<?, ?>> {

        SortedMapSerializer(Class<Map<?, ?>> type) {
            super(type);
        }

        @Override
        public void serialize(Map<?, ?> map, JsonGenerator g, SerializerProvider p) throws IOException {
            String[] keys = new String[map.size()];
            Object[] values = new Object[map.size()];
            int n = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                keys[n] = String.valueOf(e.getKey());
                values[n] = e.getValue();
                n++;
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> keys[a].compareTo(keys[b]));
            g.writeStartObject(map, n);
            for (int i = 0; i < n; i++) {
                g.writeFieldName(keys[order[i]]);
                p.defaultSerializeValue(values[order[i]], g);
            }
            g.writeEndObject();
        }
    }

    /** Go's {@code encoding/json} string escaping (HTML-safe, lowercase hex). */
    private static final class GoEscapes extends CharacterEscapes {

        private final int[] ascii = standardAsciiEscapesForJSON();
        private final SerializableString[] custom = new SerializableString[128];
        private final SerializableString lineSeparator = new SerializedString("\\u2028");
        private final SerializableString paragraphSeparator = new SerializedString("\\u2029");

        GoEscapes() {
            for (int c = 0; c < 128; c++) {
                boolean control = c < 0x20 && c != '\n' && c != '\r' && c != '\t';
                if (control || c == '<' || c == '>' || c == '&') {
                    ascii[c] = ESCAPE_CUSTOM;
                    custom[c] = new SerializedString(String.format("\\u%04x", c));
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch < 128) {
                return custom[ch];
            }
            if (ch == 0x2028) {
                return lineSeparator;
            }
            return ch == 0x2029 ? paragraphSeparator : null;
        }
    }

    /**
     * Go's float64 text: shortest round-trip digits, plain for exponents in [-6, 21), else
     * {@code d.ddde+XX}; integral values without a fraction ({@code 25}).
     */
    static String goFloat(double d, String javaText) {
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(javaText).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-6 && abs < 1e21) {
            return bd.toPlainString();
        }
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale();
        StringBuilder sb = new StringBuilder();
        if (d < 0) {
            sb.append('-');
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exp < 0 ? '-' : '+');
        int e = Math.abs(exp);
        if (e < 10) {
            sb.append('0');
        }
        sb.append(e);
        return sb.toString();
    }
}
