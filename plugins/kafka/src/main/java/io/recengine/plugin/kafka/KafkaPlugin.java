package io.recengine.plugin.kafka;

import io.recengine.spi.CallbackSinkFactory;
import io.recengine.spi.DatasourceFactory;
import io.recengine.spi.Plugin;
import io.recengine.spi.replication.UpdateLogFactory;

import java.util.List;
import java.util.Set;

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

    /** {@code MatchEngineConf.Replication}: the match engine's updates on a topic. */
    @Override
    public List<UpdateLogFactory> updateLogFactories() {
        return List.of(new KafkaUpdateLog.Factory());
    }

    /**
     * {@code KafkaConfs}: every entry is checked by {@code validate} as the sink reads it at start-up
     * ({@link KafkaSettings}); the datasource is the settings alone, the sink owns the producer.
     */
    @Override
    public List<DatasourceFactory> datasourceFactories() {
        return List.of(DatasourceFactory.ofSettings(KafkaSettings.MAP, Set.of(), KafkaSettings::read));
    }
}
