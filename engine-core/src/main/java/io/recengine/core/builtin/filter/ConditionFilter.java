package io.recengine.core.builtin.filter;

import io.recengine.core.expr.Conditions;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.ConfigReader;
import io.recengine.spi.Filter;
import io.recengine.spi.FilterResult;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PAI-Rec's {@code ConditionFilter}: hands the request to the first filter of
 * {@code ConditionFilterConfs.FilterConfs} whose user {@code Conditions} hold (entries without conditions
 * never match), else to {@code DefaultFilterName}, else keeps every item. The named filters are other
 * {@code FilterConfs} entries, found by name when a request arrives.
 */
public final class ConditionFilter implements Filter {

    public static final String TYPE = "ConditionFilter";
    private static final int MAX_NESTING = 8;
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    record Route(Conditions conditions, String filterName) {
    }

    private final String component;
    private final List<Route> routes;
    private final String defaultFilter;
    private final FilterLookup filters;

    ConditionFilter(String component, List<Route> routes, String defaultFilter, FilterLookup filters) {
        this.component = component;
        this.routes = routes;
        this.defaultFilter = defaultFilter;
        this.filters = filters;
    }

    @Override
    public FilterResult filter(RecContext context, User user, List<Item> items) {
        Map<String, Object> userProperties = user.properties();
        for (Route r : routes) {
            if (!r.conditions().isEmpty() && r.conditions().test(userProperties, Map.of())) {
                return delegate(r.filterName(), context, user, items);
            }
        }
        if (!defaultFilter.isEmpty()) {
            return delegate(defaultFilter, context, user, items);
        }
        return FilterResult.keepAll(items);
    }

    private FilterResult delegate(String name, RecContext context, User user, List<Item> items) {
        Filter f = filters.filter(name).orElseThrow(() -> new ComponentException(component,
                ComponentException.Kind.INTERNAL, "no filter named '" + name + "' in FilterConfs"));
        int[] depth = DEPTH.get();
        if (depth[0] >= MAX_NESTING) {
            throw new ComponentException(component, ComponentException.Kind.INTERNAL,
                    "condition filters nest deeper than " + MAX_NESTING + " (a cycle through '" + name + "'?)");
        }
        depth[0]++;
        try {
            return f.filter(context, user, items);
        } finally {
            depth[0]--;
        }
    }

    record Settings(List<Route> routes, String defaultFilter) {
        static Settings read(ConfigReader r, String who) {
            ComponentConfig confs;
            try {
                confs = r.config().child("ConditionFilterConfs");
            } catch (ConfigException e) {
                r.problem(e);
                return new Settings(List.of(), "");
            }
            ConfigReader c = new ConfigReader(confs, who + " ConditionFilterConfs");
            List<Route> routes = new ArrayList<>();
            List<ComponentConfig> entries;
            try {
                entries = confs.children("FilterConfs");
            } catch (ConfigException e) {
                c.problem(e);
                entries = List.of();
            }
            for (int i = 0; i < entries.size(); i++) {
                String at = who + " ConditionFilterConfs.FilterConfs[" + i + "]";
                ConfigReader e = new ConfigReader(entries.get(i), at);
                String name = e.require("FilterName");
                routes.add(new Route(Conditions.read(e, at, "Conditions"), name));
                e.problems().forEach(c::problem);
            }
            String def = c.string("DefaultFilterName", "");
            if (routes.isEmpty() && def.isEmpty()) {
                c.problem("FilterConfs", "want at least one {\"Conditions\": [...], \"FilterName\": ...} "
                        + "entry or a DefaultFilterName, got neither");
            }
            c.problems().forEach(r::problem);
            return new Settings(List.copyOf(routes), def);
        }
    }

    /** Factory. */
    public static final class Factory extends SettingsFilterFactory<Settings> {
        public Factory() {
            super(TYPE);
        }

        @Override
        Settings read(ConfigReader r, String who) {
            return Settings.read(r, who);
        }

        @Override
        Filter build(Settings s, String who, PluginContext context) {
            FilterLookup lookup = context.service(FilterLookup.class).orElseThrow(() -> new ConfigException(who,
                    "FilterType", "needs the engine's filter lookup, which this context does not offer"));
            return new ConditionFilter(who, s.routes(), s.defaultFilter(), lookup);
        }
    }
}
