package io.recengine.core.pipeline;

import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.util.List;

/** Hooks of the scene pipeline that later stages plug into (the rank stage is {@code rank.RankStage}). */
public final class Stages {

    private Stages() {
    }

    /**
     * Work after the answer is final (stage 8): exposure log, automatic callback. Runs on the engine's
     * after-response pool, never on the request thread; must not throw.
     */
    @FunctionalInterface
    public interface AfterResponse {
        void run(RecContext context, User user, List<Item> items);
    }
}
