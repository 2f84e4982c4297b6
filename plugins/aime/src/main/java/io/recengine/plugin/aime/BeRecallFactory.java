package io.recengine.plugin.aime;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.PluginContext;
import io.recengine.spi.Recall;
import io.recengine.spi.RecallFactory;
import io.recengine.spi.match.MatchEngine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code RecallType: "BeRecall"}, configured as PAI-Rec configures it: {@code BeConf{BeName, BizName,
 * BeRecallType, Count, BeRecallParams[]}} plus {@code BEConfs[BeName] = {Username, Password, Endpoint}}.
 * An {@code Endpoint} of {@code embedded} (or {@code inproc://...}) reads the engine's embedded match
 * engine in process; anything else is an HTTP base URL ({@code http://} assumed when no scheme).
 */
final class BeRecallFactory implements RecallFactory {

    static final String TYPE = "BeRecall";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> secretKeys() {
        return Set.of("Password");
    }

    static boolean embedded(String endpoint) {
        String e = endpoint.trim().toLowerCase(Locale.ROOT);
        return e.equals("embedded") || e.startsWith("inproc:");
    }

    @Override
    public List<ConfigException> check(ComponentConfig config) {
        List<ConfigException> problems = new ArrayList<>();
        try {
            parse(config);
        } catch (ConfigException e) {
            problems.add(e);
        }
        return problems;
    }

    private record Parsed(ComponentConfig beConf, BeRecall.Type type, String bizName, int count, List<BeRecall.Param> params) {
    }

    private static Parsed parse(ComponentConfig config) {
        ComponentConfig be = config.child("BeConf");
        if (be.isEmpty()) {
            throw new ConfigException(config.component(), "BeConf", "is required");
        }
        be.require("BeName");
        String biz = be.require("BizName");
        BeRecall.Type type = BeRecall.type(be);
        int recallCount = config.integer("RecallCount", 0);
        int count = be.integer("Count", recallCount > 0 ? recallCount : 100);
        List<ComponentConfig> ps = be.children("BeRecallParams");
        if (ps.isEmpty()) {
            throw new ConfigException(be.component(), "BeRecallParams", "needs at least one entry");
        }
        if (type != BeRecall.Type.MULTI && ps.size() != 1) {
            throw new ConfigException(be.component(), "BeRecallParams", "x2i_recall and vector_recall take exactly one entry"
                    + " (PAI-Rec ignores the recall otherwise)");
        }
        List<BeRecall.Param> params = new ArrayList<>();
        for (ComponentConfig p : ps) {
            String recallName = p.string("RecallName", biz);
            int c = p.integer("Count", count);
            if (c <= 0) {
                throw new ConfigException(p.component(), "Count", "must be > 0");
            }
            params.add(new BeRecall.Param(recallName, c, p.string("RecallTableName"), Trigger.of(p),
                    p.string("ItemIdName", "id")));
        }
        return new Parsed(be, type, biz, count, params);
    }

    @Override
    public Recall create(ComponentConfig config, PluginContext context) {
        Parsed p = parse(config);
        String beName = p.beConf().string("BeName");
        ComponentConfig ds = context.datasourceConfig(BeSettings.MAP, beName).orElseThrow(() -> new ConfigException(
                p.beConf().component(), "BeName", "no BEConfs entry named '" + beName + "'"));
        // the same reading as the BEConfs check that validate runs
        BeSettings be = BeSettings.of(ds);
        String endpoint = be.endpoint();
        String component = "recall '" + config.name() + "'";
        AimeClient client;
        boolean owns;
        if (embedded(endpoint)) {
            MatchEngine engine = context.service(MatchEngine.class).orElseThrow(() -> new ConfigException(ds.path(),
                    "Endpoint", "'" + endpoint + "' names the embedded match engine, which this engine does not offer"));
            client = AimeClient.embedded(engine);
            owns = false;
        } else {
            int recallTimeout = config.integer("Timeout", 0);
            int timeoutMs = be.timeoutMs() > 0 ? be.timeoutMs() : recallTimeout > 0 ? recallTimeout : 1000;
            client = new HttpAimeClient(component, endpoint, be.username(), be.password(), Duration.ofMillis(timeoutMs));
            owns = true;
        }
        int recallCount = config.integer("RecallCount", p.count());
        return new BeRecall(config.name(), p.bizName(), p.type(), p.count(), recallCount <= 0 ? p.count() : recallCount,
                p.params(), client, owns);
    }
}
