package io.recengine.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What makes the golden check fail: a different answer, and in approximate mode an index that misses too much. */
class GoldenCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode answer(String items) throws Exception {
        return JSON.readTree("{\"code\":200,\"items\":[" + items + "]}");
    }

    @Test
    void answersDifferInItemsOrderRetrieveIdsAndScores() throws Exception {
        JsonNode a = answer("{\"item_id\":\"1\",\"retrieve_id\":\"u2i2i\",\"score\":0.5},"
                + "{\"item_id\":\"2\",\"retrieve_id\":\"popular\",\"score\":0.4}");
        assertThat(GoldenCheck.difference(a, a)).isNull();
        assertThat(GoldenCheck.difference(a, answer("{\"item_id\":\"2\",\"retrieve_id\":\"popular\",\"score\":0.4},"
                + "{\"item_id\":\"1\",\"retrieve_id\":\"u2i2i\",\"score\":0.5}"))).isEqualTo("position 0 differs");
        assertThat(GoldenCheck.difference(a, answer("{\"item_id\":\"1\",\"retrieve_id\":\"user_vector\",\"score\":0.5},"
                + "{\"item_id\":\"2\",\"retrieve_id\":\"popular\",\"score\":0.4}"))).isEqualTo("position 0 differs");
        assertThat(GoldenCheck.difference(a, answer("{\"item_id\":\"1\",\"retrieve_id\":\"u2i2i\",\"score\":0.5001},"
                + "{\"item_id\":\"2\",\"retrieve_id\":\"popular\",\"score\":0.4}"))).startsWith("score at position 0");
        assertThat(GoldenCheck.difference(a, answer("{\"item_id\":\"1\",\"retrieve_id\":\"u2i2i\",\"score\":0.5}")))
                .isEqualTo("2 items vs 1");
        assertThat(GoldenCheck.difference(a, JSON.readTree("{\"code\":299,\"items\":[]}"))).startsWith("code 200 vs 299");
    }

    @Test
    void exactModePassesOnlyWithoutMismatches() {
        assertThat(new GoldenCheck.Outcome(10, 0, 10, List.of(), false, 10, 0, 0).passed()).isTrue();
        assertThat(new GoldenCheck.Outcome(10, 1, 10, List.of("x"), false, 9, 0, 0).passed()).isFalse();
    }

    @Test
    void approximateModeNeedsNoMismatchAndTheRecallBound() {
        long k = 10L * NaivePipeline.VECTOR_COUNT;
        long atBound = (long) Math.ceil(k * GoldenCheck.MIN_VECTOR_RECALL);
        GoldenCheck.Outcome good = new GoldenCheck.Outcome(10, 0, 10, List.of(), true, 7, atBound, k);
        assertThat(good.passed()).as(good.summary()).isTrue();
        assertThat(good.summary()).contains("vector recall@400", "7/10 identical to the exact naive answer");
        // an index that misses more of the exact top-K than the bound allows fails, answers equal or not
        assertThat(new GoldenCheck.Outcome(10, 0, 10, List.of(), true, 10, atBound - 1, k).passed()).isFalse();
        // a pipeline that differs from the naive one on the same vector candidates fails, recall perfect or not
        assertThat(new GoldenCheck.Outcome(10, 1, 10, List.of("x"), true, 10, k, k).passed()).isFalse();
        // nothing measured is no pass
        assertThat(new GoldenCheck.Outcome(0, 0, 0, List.of(), true, 0, 0, 0).passed()).isFalse();
    }
}
