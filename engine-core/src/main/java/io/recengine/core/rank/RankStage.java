package io.recengine.core.rank;

import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.util.List;

/**
 * A scene's rank stage (pipeline stage 5), built by {@link RankStages#build}: scores items in place (algo
 * scores, then {@code RankScore} into {@link Item#setScore}). Must not throw: failures degrade to
 * unscored items.
 */
@FunctionalInterface
public interface RankStage {

    /** The stage of a scene without {@code RankConf}: leaves items as they are. */
    RankStage NONE = (ctx, user, items) -> { };

    void rank(RecContext context, User user, List<Item> items);
}
