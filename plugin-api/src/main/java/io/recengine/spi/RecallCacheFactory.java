package io.recengine.spi;

/**
 * Builds {@link RecallCache}s; {@link #type()} matches {@code RecallConfs[].CacheAdapter}. The config handed
 * to {@link #create} is the recall's {@code CacheConfig} (PAI-Rec writes it as a JSON string; the engine
 * parses it), its path {@code RecallConfs.<name>.CacheConfig}. Each recall with a cache gets its own.
 */
public interface RecallCacheFactory extends ComponentFactory<RecallCache> {
}
