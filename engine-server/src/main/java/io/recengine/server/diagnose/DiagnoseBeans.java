package io.recengine.server.diagnose;

import io.micronaut.context.annotation.Factory;
import io.recengine.core.RecEngine;
import jakarta.inject.Singleton;

/** The diagnostic page's shared parts: the replay ring the feed route fills and the page reads. */
@Factory
final class DiagnoseBeans {

    @Singleton
    RecentRequests recentRequests(RecEngine engine) {
        return new RecentRequests(engine.settings().diagnoseRecentRequests(), engine.sceneCategories().keySet());
    }
}
