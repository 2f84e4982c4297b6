package io.recengine.core.match;

import io.recengine.spi.Plugin;

/** Components over the embedded match engine. (Placeholder until the AIME work lands.) */
public final class MatchPlugin implements Plugin {

    @Override
    public String name() {
        return "builtin-match";
    }
}
