package io.recengine.core.callback;

import io.recengine.spi.RecContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The automatic callback's {@code request_info} carries the feed's experiment, so training rows split by it. */
class AutoCallbackExperimentTest {

    @Test
    void requestInfoNamesTheExperimentOfTheFeed() {
        RecContext ctx = RecContext.builder("r1").sceneId("home").experimentId("ER2_L3#EG5#E7").build();
        assertThat(CallbackService.requestInfo(ctx)).containsExactly(java.util.Map.entry("exp_id", "ER2_L3#EG5#E7"));
    }

    @Test
    void withoutAnExperimentRequestInfoStaysEmptyAsInPaiRec() {
        assertThat(CallbackService.requestInfo(RecContext.builder("r1").sceneId("home").build())).isEmpty();
    }
}
