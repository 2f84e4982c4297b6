package io.recengine.core.generation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one reload did, for the log, {@code /health}, the admin route and
 * {@code recengine_config_reloads_total{outcome}}.
 *
 * @param outcome      {@link #APPLIED}, {@link #REJECTED} or {@link #UNCHANGED}
 * @param triggers     what asked for it ({@code file}, {@code admin}, {@code SIGHUP}, ...); several when a
 *                     burst was coalesced into one reload
 * @param at           when it finished
 * @param attempted    the version of the files it read; null when they could not be read
 * @param served       the version in service afterwards
 * @param problems     why it was rejected, one line per problem (empty otherwise)
 * @param needsRestart settings that changed but only take effect at a restart (the port, pool sizes, ...):
 *                     ignored by the reload
 * @param carried      components reused from the previous generation (applied only)
 * @param created      components created for the new generation (applied only)
 */
public record ReloadOutcome(String outcome, List<String> triggers, Instant at, ConfigVersion attempted,
                            ConfigVersion served, List<String> problems, List<String> needsRestart, int carried,
                            int created) {

    public static final String APPLIED = "applied";
    public static final String REJECTED = "rejected";
    public static final String UNCHANGED = "unchanged";
    /** Every outcome, for counters that should show 0 before the first reload. */
    public static final List<String> OUTCOMES = List.of(APPLIED, REJECTED, UNCHANGED);

    public ReloadOutcome {
        Objects.requireNonNull(outcome, "outcome");
        triggers = List.copyOf(triggers);
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(served, "served");
        problems = List.copyOf(problems);
        needsRestart = List.copyOf(needsRestart);
    }

    public boolean applied() {
        return APPLIED.equals(outcome);
    }

    public boolean rejected() {
        return REJECTED.equals(outcome);
    }
}
