package io.recengine.server.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.core.EngineOptions;
import io.recengine.core.RecEngine;
import io.recengine.server.Mutations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Property: whatever bytes arrive, the feed, recall and callback decoders either decode them or refuse them
 * with a {@link RequestException} (nothing else escapes), and the API answers PAI-Rec's envelope with an
 * HTTP status below 500, without Java or Jackson names in {@code msg}. Seeded mutations of the seed bodies
 * and structurally hostile bodies (deep nesting, huge numbers and strings, long item lists, typed features
 * out of range), in-process against the codec and a real engine. Deterministic: fixed seeds; a failure
 * names the seed and the input.
 */
class WireDecoderFuzzTest {

    /** Small limits, so that the item-list and string limits are hit often by short inputs. */
    static final InputLimits LIMITS = new InputLimits(50, 64, 64 * 1024, 20_000);
    static final int CASES = 1_500;
    /** Guards a hang only: the whole run takes a few seconds. */
    static final Duration GUARD = Duration.ofMinutes(2);
    static final ObjectMapper JSON = new ObjectMapper();

    static final String FEED_SEED = Mutations.FEED_SEED;
    static final String CALLBACK_SEED = PaiRecCallbackTest.SEED_CURL_BODY;

    @TempDir
    static Path tmp;
    static RecEngine engine;
    static PaiRecApi api;

    @BeforeAll
    static void start() throws IOException {
        Path config = tmp.resolve("config.json");
        Files.writeString(config, "{\"SceneConfs\":{"
                + "\"home_feed\":{\"default\":{\"RecallNames\":[\"ContextItemRecall\"]}},"
                + "\"homepage\":{\"default\":{\"RecallNames\":[\"ContextItemRecall\"]}}},"
                + "\"CallBackConfs\":{\"homepage\":{\"DataSource\":{\"Name\":\"cb\",\"Type\":\"file\",\"Path\":\""
                + tmp.resolve("cblog").toString().replace("\\", "/") + "\"}}},"
                + "\"EngineConf\":{\"CallbackQueueSize\":100000}}");
        engine = RecEngine.start(EngineOptions.of(config));
        api = new PaiRecApi(engine, LIMITS);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void feedSurvivesMutatedBodies() {
        fuzz("feed", 1L, List.of(FEED_SEED, CALLBACK_SEED), api::feed, FeedRequestParser::parse);
    }

    @Test
    void recallSurvivesMutatedBodies() {
        fuzz("recall", 2L, List.of(FEED_SEED), api::recall, FeedRequestParser::parse);
    }

    @Test
    void callbackSurvivesMutatedBodies() {
        fuzz("callback", 3L, List.of(CALLBACK_SEED, FEED_SEED.replace("home_feed", "homepage")), api::callback,
                CallbackRequestParser::parse);
    }

    private interface Decoder {
        Object decode(byte[] body, InputLimits limits);
    }

    private static void fuzz(String name, long seed, List<String> seeds, Function<byte[], WireResponse> route,
                             Decoder decoder) {
        assertTimeoutPreemptively(GUARD, () -> {
            Mutations m = new Mutations(seed);
            for (int i = 0; i < CASES; i++) {
                byte[] body = switch (i % 4) {
                    case 0 -> m.hostileBody().getBytes(StandardCharsets.UTF_8);
                    case 1 -> m.mutate(m.hostileBody().getBytes(StandardCharsets.UTF_8), Mutations.JSON_TOKENS);
                    default -> m.mutate(m.pick(seeds).getBytes(StandardCharsets.UTF_8), Mutations.JSON_TOKENS);
                };
                check(name, seed, i, body, route, decoder);
            }
        });
    }

    static void check(String name, long seed, int i, byte[] body, Function<byte[], WireResponse> route,
                      Decoder decoder) throws IOException {
        String what = name + " seed " + seed + " case " + i + ": " + shown(body);
        try {
            decoder.decode(body, LIMITS);
        } catch (RequestException e) {
            assertCleanMessage(e.getMessage(), what);
        } catch (RuntimeException e) {
            fail("decoder threw " + e + " on " + what, e);
        }
        WireResponse r = route.apply(body);
        assertThat(r.httpStatus()).as(what).isLessThan(500);
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.isObject()).as(what).isTrue();
        assertThat(n.path("code").isInt()).as(what).isTrue();
        assertThat(n.path("code").intValue()).as(what).isEqualTo(r.code()).isIn(200, 299, 400);
        assertThat(n.path("msg").isTextual()).as(what).isTrue();
        assertThat(n.path("request_id").isTextual()).as(what).isTrue();
        assertCleanMessage(n.path("msg").textValue(), what);
    }

    /** No class, package or Jackson feature names and no stack in a client message; bounded length. */
    static void assertCleanMessage(String msg, String what) {
        assertThat(msg).as(what).isNotBlank()
                .doesNotContain("Exception", "com.fasterxml", "jackson", "java.", "`", "DeserializationFeature",
                        "StreamReadFeature", "JsonReadFeature", "StreamReadConstraints", "\tat ")
                .doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Z][A-Za-z]+");
        assertThat(msg.length()).as(what).isLessThan(400);
    }

    static String shown(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + body.length + " bytes)";
    }
}
