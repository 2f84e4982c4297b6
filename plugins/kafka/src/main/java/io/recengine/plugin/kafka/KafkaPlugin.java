package io.recengine.plugin.kafka;

import io.recengine.spi.Plugin;

/** Kafka callback sink plugin. */
public final class KafkaPlugin implements Plugin {

    @Override
    public String name() {
        return "kafka";
    }
}
