package io.recengine.plugin.easyrec;

import io.recengine.spi.Plugin;

/** EasyRec ranker plugin: PBRequest/PBResponse over EAS. */
public final class EasyRecPlugin implements Plugin {

    @Override
    public String name() {
        return "easyrec";
    }
}
