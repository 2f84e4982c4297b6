package io.recengine.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of hostile request inputs for the decoder fuzz tests: valid seed bodies and query
 * strings mutated at the byte level (flips, hostile tokens, deletions, truncation, duplication, trailing
 * content, wrapping) and built structurally (deep nesting, huge numbers and strings, long item lists,
 * typed features out of range). The same seed gives the same inputs, so a failure names its case.
 */
public final class Mutations {

    /** A feed body using every decoded field: features, typed features of several kinds, an item list. */
    public static final String FEED_SEED = "{\"uid\":\"13579\",\"size\":10,\"scene_id\":\"home_feed\","
            + "\"request_id\":\"r-1\",\"features\":{\"age\":25,\"city\":\"beijing\",\"tags\":[\"a\",\"b\"]},"
            + "\"complex_type_features\":[{\"name\":\"n\",\"type\":\"int\",\"values\":3},"
            + "{\"name\":\"v\",\"type\":\"list<float>\",\"values\":[0.1,0.2]},"
            + "{\"name\":\"m\",\"type\":\"map<int64,double>\",\"values\":{\"1\":0.5}}],"
            + "\"item_list\":[{\"item_id\":\"1111\",\"score\":1},{\"item_id\":222,\"score\":0.95}]}";

    /** JSON fragments that have broken decoders: range, length, nesting, encoding, structure. */
    public static final List<String> JSON_TOKENS = List.of("1e400", "-1e400", "1e-400", "1e10", "1e30", "-0", "0.0e0",
            "123456789012345678901234567890", "9".repeat(1200), "1".repeat(400), "NaN", "Infinity", "-Infinity",
            "0x10", "01", ".5", "1.", "+1", "\"" + "x".repeat(70_000) + "\"", "\"" + "y".repeat(5_000) + "\"",
            "[".repeat(1500), "]".repeat(1500), "{\"a\":".repeat(200), "null", "true", "false", "\"\\ud800\"",
            "\"\\u0000\"", "\"\\uZZZZ\"", "\"\\", ",", ":", "} {", "]", "}", "{}", "[]", "\"item_list\":",
            "\"features\":{", "\"complex_type_features\":[{\"name\":\"a\",\"type\":\"int\",\"values\":1e10}]",
            "\"item_id\":1e400", "\"uid\":[]", "\"size\":1e3", "\u00e9", "\uffff", "\"\u0001\"");
    /** Query-string fragments: separators, escapes, numbers and AIME's parameters. */
    public static final List<String> QUERY_TOKENS = List.of("&", "=", "%", "%z", "%zz", "%2", "%41", "%ff", "%F0%9F", "+",
            ";", ",", ":", "&&&", "==", "trigger_list=", "return_count=-1", "return_count=99999999999",
            "return_count=1e400", "p=", "s=", "table=", "msg=", "1e400", "NaN", "-0", "x".repeat(5_000),
            "0.1,".repeat(300), "a:1,".repeat(300), "%1F%0A", "CMD%3Dadd", "CMD%3Ddelete", "id%3D", "\u00e9",
            "outfmt=json2", "biz_name=", "_list=", "_return_count=", "_table=");
    private static final byte[] HOSTILE_BYTES = {'{', '}', '[', ']', '"', ':', ',', '\\', ' ', '\n', '0', '9', 'e',
            'E', '+', '-', '.', 't', 'n', 0, (byte) 0x80, (byte) 0xc3, (byte) 0xff, '%', '&', '='};

    private final Random rnd;

    public Mutations(long seed) {
        this.rnd = new Random(seed);
    }

    public int nextInt(int bound) {
        return rnd.nextInt(bound);
    }

    public <T> T pick(List<T> options) {
        return options.get(rnd.nextInt(options.size()));
    }

    /** One to three byte-level mutations of {@code seed}. */
    public byte[] mutate(byte[] seed, List<String> tokens) {
        byte[] b = seed;
        int rounds = 1 + rnd.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            b = mutateOnce(b, tokens);
        }
        return b;
    }

    public String mutate(String seed, List<String> tokens) {
        return new String(mutate(seed.getBytes(StandardCharsets.UTF_8), tokens), StandardCharsets.UTF_8);
    }

    private byte[] mutateOnce(byte[] b, List<String> tokens) {
        int at = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
        return switch (rnd.nextInt(8)) {
            case 0 -> { // flip one bit
                if (b.length == 0) {
                    yield b;
                }
                byte[] c = b.clone();
                int i = rnd.nextInt(c.length);
                c[i] = (byte) (c[i] ^ (1 << rnd.nextInt(8)));
                yield c;
            }
            case 1 -> { // replace one byte with a structural or hostile byte
                if (b.length == 0) {
                    yield b;
                }
                byte[] c = b.clone();
                c[rnd.nextInt(c.length)] = HOSTILE_BYTES[rnd.nextInt(HOSTILE_BYTES.length)];
                yield c;
            }
            case 2, 3 -> splice(b, at, at, pick(tokens).getBytes(StandardCharsets.UTF_8)); // insert a token
            case 4 -> { // delete a range
                int end = Math.min(b.length, at + 1 + rnd.nextInt(16));
                yield splice(b, Math.min(at, end), end, new byte[0]);
            }
            case 5 -> java.util.Arrays.copyOf(b, at); // truncate
            case 6 -> { // duplicate a range
                int end = Math.min(b.length, at + 1 + rnd.nextInt(64));
                int from = Math.min(at, end);
                yield splice(b, end, end, java.util.Arrays.copyOfRange(b, from, end));
            }
            default -> { // replace a range with a token
                int end = Math.min(b.length, at + 1 + rnd.nextInt(8));
                yield splice(b, Math.min(at, end), end, pick(tokens).getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
        out.write(b, 0, from);
        out.write(insert, 0, insert.length);
        out.write(b, to, b.length - to);
        return out.toByteArray();
    }

    /** A structurally hostile body of the feed / callback shape: every field a random hostile value. */
    public String hostileBody() {
        StringBuilder s = new StringBuilder("{");
        s.append("\"uid\":").append(rnd.nextInt(4) == 0 ? hostileValue() : "\"u1\"");
        s.append(",\"request_id\":").append(rnd.nextInt(4) == 0 ? hostileValue() : "\"r1\"");
        s.append(",\"scene_id\":").append(rnd.nextBoolean() ? "\"home_feed\"" : "\"homepage\"");
        s.append(",\"size\":").append(rnd.nextInt(4) == 0 ? hostileValue() : Integer.toString(rnd.nextInt(30)));
        s.append(",\"features\":{\"f\":").append(hostileValue()).append('}');
        s.append(",\"complex_type_features\":[{\"name\":\"c\",\"type\":\"")
                .append(pick(List.of("int", "int64", "float", "double", "string", "list<int>", "list<list<float>>",
                        "map<int,int64>", "map<string,float>", "bogus")))
                .append("\",\"values\":").append(hostileValue()).append("}]");
        s.append(",\"item_list\":[");
        int n = rnd.nextInt(4) == 0 ? 40 + rnd.nextInt(30) : rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append("{\"item_id\":")
                    .append(rnd.nextInt(6) == 0 ? hostileValue() : "\"i" + i + "\"")
                    .append(",\"score\":").append(rnd.nextInt(6) == 0 ? hostileValue() : "0.5").append('}');
        }
        s.append("]}");
        return s.toString();
    }

    /** A hostile JSON value: deep nesting, out-of-range or long numbers, long strings, odd containers. */
    public String hostileValue() {
        return switch (rnd.nextInt(10)) {
            case 0 -> {
                int depth = 1 + rnd.nextInt(2000);
                yield "[".repeat(depth) + "]".repeat(depth);
            }
            case 1 -> {
                int depth = 1 + rnd.nextInt(300);
                yield "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            }
            case 2 -> pick(List.of("1e400", "-1e400", "1e10", "-1e10", "1e30", "9223372036854775808",
                    "-9223372036854775809", "2147483648", "1.5", "1e39", "\"1e10\"", "\"1e400\"", "\"NaN\"",
                    "\"99999999999999999999\"", "\"0x10\"", "\"1d\""));
            case 3 -> "9".repeat(1 + rnd.nextInt(1500));
            case 4 -> "\"" + "s".repeat(rnd.nextInt(100_000)) + "\"";
            case 5 -> "[" + "1e10,".repeat(rnd.nextInt(20)) + "1]";
            case 6 -> "{\"1e10\":1,\"k\":\"1e400\",\"2\":1e30}";
            case 7 -> "[[1,2],[\"x\",1e39],[1e400]]";
            case 8 -> pick(List.of("null", "true", "{}", "[]", "\"\"", "\"\\ud800\""));
            default -> Integer.toString(rnd.nextInt());
        };
    }
}
