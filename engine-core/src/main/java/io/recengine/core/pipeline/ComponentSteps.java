package io.recengine.core.pipeline;

import io.recengine.core.metrics.EngineMetrics;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.User;
import io.recengine.spi.concurrent.FailureText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * One filter or sort applied to a candidate list, the same way wherever it runs (the scene's filters and
 * sorts, a coarse rank's actions, a {@code PipelineConfs} mini-pipeline): a failing component leaves the
 * list as it was, and is logged, counted and noted in the debug log in {@link FailureText}'s neutral words.
 */
final class ComponentSteps {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentSteps.class);

    private ComponentSteps() {
    }

    /** The kept items (a mutable list), or {@code items} unchanged when the filter fails. */
    static List<Item> filter(RecContext ctx, User user, ComponentCatalog.Named<Filter> f, List<Item> items,
                             String scene, EngineMetrics metrics) {
        try {
            FilterResult r = f.component().filter(ctx, user, items);
            if (ctx.debug()) {
                ctx.log("INFO", "module=filter\tname=" + f.name() + "\tkept=" + r.kept().size() + "\tremoved=" + r.removed().size());
            }
            return r.kept() instanceof ArrayList ? r.kept() : new ArrayList<>(r.kept());
        } catch (RuntimeException e) {
            metrics.failure("filter", f.name(), scene, FailureText.label(e)).increment();
            LOG.warn("filter {} failed (scene={}, requestId={}); items pass unchanged", f.name(), scene, ctx.requestId(), e);
            ctx.log("ERROR", "module=filter\tname=" + f.name() + "\t" + FailureText.of("filter '" + f.name() + "'", e)
                    + "; items pass unchanged");
            return items;
        }
    }

    /** The sorted items (a mutable list), or {@code items} in their order when the sort fails. */
    static List<Item> sort(RecContext ctx, User user, ComponentCatalog.Named<Sort> s, List<Item> items,
                           String scene, EngineMetrics metrics) {
        try {
            List<Item> out = s.component().sort(ctx, user, items);
            return out instanceof ArrayList ? out : new ArrayList<>(out);
        } catch (RuntimeException e) {
            metrics.failure("sort", s.name(), scene, FailureText.label(e)).increment();
            LOG.warn("sort {} failed (scene={}, requestId={}); order kept", s.name(), scene, ctx.requestId(), e);
            ctx.log("ERROR", "module=sort\tname=" + s.name() + "\t" + FailureText.of("sort '" + s.name() + "'", e)
                    + "; order kept");
            return items;
        }
    }
}
