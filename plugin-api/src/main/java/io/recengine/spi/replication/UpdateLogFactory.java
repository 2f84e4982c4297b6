package io.recengine.spi.replication;

import io.recengine.spi.ComponentFactory;

/**
 * Builds {@link UpdateLog}s; {@link #type()} matches the kind of log {@code MatchEngineConf.Replication}
 * names (for example {@code kafka} for {@code Replication.KafkaName}). The config handed to
 * {@link #create} is the {@code Replication} object.
 */
public interface UpdateLogFactory extends ComponentFactory<UpdateLog> {
}
