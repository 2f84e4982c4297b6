/**
 * Replication of the embedded match engine's updates through an external log ({@code MatchEngineConf.Replication}):
 * {@link io.recengine.spi.replication.UpdateLog} and its factory. Implemented by the kafka plugin.
 */
package io.recengine.spi.replication;
