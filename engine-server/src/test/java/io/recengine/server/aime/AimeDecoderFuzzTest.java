package io.recengine.server.aime;

import com.fasterxml.jackson.databind.JsonNode;
import io.recengine.core.config.ConfigLoader;
import io.recengine.core.match.MatchService;
import io.recengine.server.Mutations;
import io.recengine.server.wire.WireResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Property: whatever query string or form body arrives, {@code /be} and {@code /sendmsg} answer their AIME
 * JSON reply with HTTP 200 (reads: the error travels in {@code errorCode}) or 400 (refused writes), never
 * throw, never 5xx, and name no Java class. Seeded mutations of the seed reads and writes (query
 * strings and form bodies), plus long trigger lists, in-process over config-samples/aime.json.
 */
class AimeDecoderFuzzTest {

    static final int CASES = 1_500;
    static final Duration GUARD = Duration.ofMinutes(2);

    static MatchService match;
    static AimeApi api;

    @BeforeAll
    static void start() {
        match = MatchService.build(ConfigLoader.load(AimeApiTest.SAMPLE));
        api = new AimeApi(match);
    }

    @AfterAll
    static void stop() {
        match.close();
    }

    @Test
    void beSurvivesMutatedQueries() {
        assertTimeoutPreemptively(GUARD, () -> {
            Mutations m = new Mutations(11L);
            List<String> seeds = List.of(AimeApiTest.SEED_X2I, AimeApiTest.SEED_VECTOR,
                    "p=a&s=a&a_list=trigger_key:1&a_return_count=3&a_table=test_x2i_biz&outfmt=json2");
            for (int i = 0; i < CASES; i++) {
                String query = m.mutate(m.pick(seeds), Mutations.QUERY_TOKENS);
                String what = "/be case " + i + ": " + shown(query);
                WireResponse r;
                try {
                    r = api.be(query, AimeApiTest.AUTH);
                } catch (RuntimeException e) {
                    fail("/be threw " + e + " on " + what, e);
                    return;
                }
                assertThat(r.httpStatus()).as(what).isEqualTo(200);
                JsonNode n = AimeApiTest.json(r);
                assertThat(n.path("errorCode").isInt()).as(what).isTrue();
                assertThat(n.path("errorCode").intValue()).as(what).isEqualTo(r.code());
                assertClean(n.path("errorMessage").asText(), what);
            }
        });
    }

    @Test
    void sendmsgSurvivesMutatedQueriesAndForms() {
        assertTimeoutPreemptively(GUARD, () -> {
            Mutations m = new Mutations(12L);
            List<String> seeds = List.of(AimeApiTest.SEED_ADD, AimeApiTest.SEED_DELETE);
            for (int i = 0; i < CASES; i++) {
                String mutated = m.mutate(m.pick(seeds), Mutations.QUERY_TOKENS);
                boolean form = i % 2 == 1;
                byte[] body = form ? mutated.getBytes(StandardCharsets.UTF_8) : new byte[0];
                String what = "/sendmsg case " + i + (form ? " (form): " : ": ") + shown(mutated);
                WireResponse r;
                try {
                    r = api.sendmsg(form ? null : mutated, body, AimeApiTest.AUTH);
                } catch (RuntimeException e) {
                    fail("/sendmsg threw " + e + " on " + what, e);
                    return;
                }
                assertThat(r.httpStatus()).as(what).isIn(200, 400);
                JsonNode n = AimeApiTest.json(r);
                if (r.httpStatus() == 200) {
                    assertThat(n.path("success").asBoolean()).as(what).isTrue();
                } else {
                    assertThat(n.path("errno").intValue()).as(what).isEqualTo(1);
                    assertClean(n.path("errmsg").asText(), what);
                }
            }
        });
    }

    private static void assertClean(String msg, String what) {
        assertThat(msg).as(what).doesNotContain("Exception", "\tat ")
                .doesNotContainPattern("(java|com|io|org)\\.[a-z]+\\.[A-Za-z.]*[A-Z]");
    }

    private static String shown(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + s.length() + " chars)";
    }
}
