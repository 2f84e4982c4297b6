package io.recengine.plugin.kafka;

import io.recengine.spi.CallbackSinkFactory;
import io.recengine.spi.Plugin;

import java.util.List;

/** Kafka callback sink plugin: {@code DataSource.Type: "kafka"} over {@code KafkaConfs}. */
public final class KafkaPlugin implements Plugin {

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public List<CallbackSinkFactory> callbackSinkFactories() {
        return List.of(new KafkaCallbackSink.Factory());
    }
}
