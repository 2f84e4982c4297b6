package io.recengine.plugin.easyrec;

import io.recengine.spi.ConfigException;

import java.util.List;

/** Helpers the processors' factories share. */
final class Processors {

    private Processors() {
    }

    /** The problem {@code parse} finds, if any: {@code check} and {@code create} refuse alike. */
    static List<ConfigException> check(Runnable parse) {
        try {
            parse.run();
            return List.of();
        } catch (ConfigException e) {
            return List.of(e);
        }
    }
}
