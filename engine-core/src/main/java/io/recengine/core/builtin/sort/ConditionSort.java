package io.recengine.core.builtin.sort;

import io.recengine.core.expr.Conditions;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PAI-Rec's {@code ConditionSort}: {@code ConditionSortConfs.SortConfs[]} are tried in order; the first whose
 * {@code Conditions} (on user properties) hold runs its {@code SortName}; when none does,
 * {@code DefaultSortName} runs, and without one the order stays. The names are other sorts of the config
 * (checked by validation).
 */
public final class ConditionSort implements Sort {

    public static final String TYPE = "ConditionSort";

    record Branch(Conditions conditions, String sortName) {
    }

    private final List<Branch> branches;
    private final String defaultSortName;
    private final SortLookup sorts;

    ConditionSort(List<Branch> branches, String defaultSortName, SortLookup sorts) {
        this.branches = List.copyOf(branches);
        this.defaultSortName = defaultSortName;
        this.sorts = sorts;
    }

    @Override
    public List<Item> sort(RecContext context, User user, List<Item> items) {
        for (Branch b : branches) {
            if (!b.conditions().isEmpty() && b.conditions().test(user::property, null)) {
                return delegate(b.sortName(), context, user, items);
            }
        }
        if (!defaultSortName.isEmpty()) {
            return delegate(defaultSortName, context, user, items);
        }
        return new ArrayList<>(items);
    }

    private List<Item> delegate(String name, RecContext context, User user, List<Item> items) {
        Optional<Sort> s = sorts.sort(name);
        if (s.isEmpty()) {
            throw new ComponentException("ConditionSort", ComponentException.Kind.INTERNAL, "no sort named '" + name + "'");
        }
        return s.get().sort(context, user, items);
    }

    /** The sort names a ConditionSort config refers to (for validation). */
    public static List<String> referencedSorts(ComponentConfig config) {
        List<String> out = new ArrayList<>();
        ComponentConfig confs = config.child("ConditionSortConfs");
        for (ComponentConfig c : confs.children("SortConfs")) {
            out.add(c.string("SortName"));
        }
        String def = confs.string("DefaultSortName");
        if (!def.isEmpty()) {
            out.add(def);
        }
        return out;
    }

    /** Factory. */
    public static final class Factory extends SettingsSortFactory {
        public Factory() {
            super(TYPE);
        }

        @Override
        Sort read(ComponentConfig config, Keys keys, PluginContext context) {
            // check() has no context: the names are checked by validation, not looked up here
            SortLookup sorts = context == null ? n -> Optional.empty() : context.service(SortLookup.class)
                    .orElseThrow(() -> new ConfigException(keys.component(), "SortType",
                            "ConditionSort needs the engine's sort lookup"));
            ComponentConfig confs = keys.object(config, "ConditionSortConfs");
            List<Branch> branches = new ArrayList<>();
            for (ComponentConfig c : keys.objects(confs, "SortConfs")) {
                String name = keys.string(c, "SortName", "");
                if (name.isEmpty()) {
                    keys.problem(Keys.key(c, "SortName"), "is required (a sort of SortConfs)");
                }
                branches.add(new Branch(keys.conditions(c, "Conditions"), name));
            }
            String def = keys.string(confs, "DefaultSortName", "");
            return new ConditionSort(branches, def, sorts);
        }
    }
}
