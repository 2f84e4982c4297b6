package io.recengine.core.callback;

import io.recengine.core.config.CategoryConfig;
import io.recengine.core.config.EngineConfig;
import io.recengine.core.feature.FeatureStage;
import io.recengine.core.metrics.EngineMetrics;
import io.recengine.core.pipeline.ComponentCatalog;
import io.recengine.core.pipeline.Dependency;
import io.recengine.core.rank.RankStages;
import io.recengine.spi.CallbackSinkFactory;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * What a config generation says about callbacks: per scene ({@code CallBackConfs[scene]}) the sink channel,
 * the sampling rules, the {@code <scene>_callback} feature stages and the callback rank; per scene
 * ({@code SceneConfs[scene]["default"]}) the automatic callback switch and rate. Built once with the
 * generation and immutable; {@link CallbackService}'s queue and workers take the current generation's
 * stages. Closing closes the sink channels, then the sinks.
 */
public final class CallbackStages implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackStages.class);

    /** One {@code CallBackConfs[scene]}. */
    record SceneCallback(String scene, SinkChannel channel, int itemSize, int itemSizeRate,
                         boolean rawFeatures, int rawFeaturesRate, boolean useUserFeatures,
                         FeatureStage userStage, FeatureStage itemStage, RankStages.CallbackRank rank) {
    }

    /** {@code SceneConfs[scene]["default"].AutoInvokeCallBack / AutoInvokeCallBackRate}. */
    record AutoConf(boolean enabled, int rate) {
    }

    /** No callbacks configured. */
    public static final CallbackStages NONE = new CallbackStages(Map.of(), Map.of(), List.of(), List.of());

    private final Map<String, SceneCallback> scenes;
    private final Map<String, AutoConf> auto;
    private final List<SinkChannel> channels;
    private final List<RecreatingSink> sinks;
    private boolean closed;

    private CallbackStages(Map<String, SceneCallback> scenes, Map<String, AutoConf> auto, List<SinkChannel> channels,
                           List<RecreatingSink> sinks) {
        this.scenes = scenes;
        this.auto = auto;
        this.channels = channels;
        this.sinks = sinks;
    }

    /**
     * Builds the sinks (with the registry's factories and the catalog's plugin context), their channels, the
     * {@code <scene>_callback} feature stages and the callback ranks. A sink whose remote is unreachable
     * starts down ({@link RecreatingSink}): its rows are spilled and the sink is created again later.
     *
     * @throws ConfigException when a sink's config is wrong or its spill directory cannot be opened
     */
    public static CallbackStages build(EngineConfig config, ComponentCatalog catalog, EngineMetrics metrics,
                                       ExecutorService pluginPool, Clock clock) {
        ComponentConfig ec = config.engineConf();
        Path spillRoot = resolve(config, ec.string("CallbackSpillDir", "data/callback-spill"));
        long retryMs = ec.longValue("CallbackRetryIntervalMs", 1000);
        long segmentBytes = (long) (ec.decimal("CallbackSpillSegmentMB", 64) * 1024 * 1024);
        boolean fsync = ec.bool("CallbackSpillFsync", false);
        Map<String, SinkChannel> bySink = new LinkedHashMap<>();
        Map<String, SceneCallback> scenes = new LinkedHashMap<>();
        List<RecreatingSink> sinks = new ArrayList<>();
        try {
            config.callBackConfs().forEach((scene, cb) -> {
                ComponentConfig ds = cb.child("DataSource");
                String type = ds.string("Type");
                String sinkName = type + ":" + ds.string("Name");
                SinkChannel channel = bySink.computeIfAbsent(sinkName, k -> {
                    CallbackSinkFactory f = catalog.registry().callbackSink(type).orElseThrow(() ->
                            new ConfigException("CallBackConfs." + scene, "DataSource.Type",
                                    "unknown callback sink type '" + type + "'"));
                    f.requireValid(ds);
                    RecreatingSink sink = RecreatingSink.open(sinkName, () -> f.create(ds, catalog.context()),
                            System::nanoTime, retryMs);
                    sinks.add(sink);
                    Path dir = spillRoot.resolve(sinkName.replaceAll("[^A-Za-z0-9_.-]", "_"));
                    try {
                        return new SinkChannel(sinkName, sink, dir, segmentBytes, fsync, retryMs, metrics.registry());
                    } catch (IOException e) {
                        throw new ConfigException("EngineConf", "CallbackSpillDir", "cannot open " + dir + ": " + e, e);
                    }
                });
                String cbScene = scene + "_callback";
                ComponentConfig ufc = config.userFeatureConfs().get(cbScene);
                ComponentConfig ifc = config.featureConfs().get(cbScene);
                FeatureStage userStage = ufc == null ? null : FeatureStage.build(ufc, true, catalog.featureDaoFactory(),
                        pluginPool, clock, metrics.registry());
                FeatureStage itemStage = ifc == null ? null : FeatureStage.build(ifc, false, catalog.featureDaoFactory(),
                        pluginPool, clock, metrics.registry());
                RankStages.CallbackRank rank = cb.has("RankConf")
                        ? RankStages.buildCallback(scene, cb.child("RankConf"), catalog, metrics, pluginPool)
                        : (c, u, i, l) -> { };
                scenes.put(scene, new SceneCallback(scene, channel, cb.integer("ItemSize", 0),
                        cb.integer("ItemSizeRate", 0), cb.bool("RawFeatures", false), cb.integer("RawFeaturesRate", 0),
                        cb.bool("UseUserFeatures", false), userStage, itemStage, rank));
            });
        } catch (RuntimeException e) {
            bySink.values().forEach(c -> {
                c.stop(0);
                c.close();
            });
            sinks.forEach(RecreatingSink::close);
            throw e;
        }
        Map<String, AutoConf> auto = new LinkedHashMap<>();
        config.scenes().forEach((scene, cats) -> {
            CategoryConfig d = cats.get("default");
            if (d != null) {
                auto.put(scene, new AutoConf(d.autoInvokeCallBack(), d.autoInvokeCallBackRate()));
            }
        });
        return new CallbackStages(scenes, auto, List.copyOf(bySink.values()), List.copyOf(sinks));
    }

    private static Path resolve(EngineConfig config, String path) {
        Path p = Path.of(path);
        if (p.isAbsolute() || config.baseDir() == null) {
            return p;
        }
        return config.baseDir().resolve(p).normalize();
    }

    /** True when no scene has a {@code CallBackConfs} entry. */
    public boolean isEmpty() {
        return scenes.isEmpty();
    }

    /** The scene's callback stages, or null when it has no {@code CallBackConfs} entry. */
    SceneCallback scene(String scene) {
        return scenes.get(scene);
    }

    /** The scene's automatic callback settings, or null. */
    AutoConf auto(String scene) {
        return auto.get(scene);
    }

    /**
     * Stops the channels' replay, giving a degraded channel up to {@code drainMillis} to replay its spill
     * first; what remains stays on disk for the next start.
     */
    synchronized void drain(long drainMillis) {
        if (closed) {
            return;
        }
        for (SinkChannel c : channels) {
            c.stop(drainMillis);
        }
        closed = true;
        for (SinkChannel c : channels) {
            c.close();
        }
        for (RecreatingSink s : sinks) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("closing {} failed: {}", s, e.toString());
            }
        }
    }

    /** Every callback sink's state: down while it could not be created or its last write failed. */
    public List<Dependency> dependencies() {
        return sinks.stream().map(RecreatingSink::status).toList();
    }

    /** Stops and closes the channels (at once when {@link #drain} did not run). */
    @Override
    public void close() {
        drain(0);
    }
}
