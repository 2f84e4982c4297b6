package io.recengine.core.config;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.ConfigReader;

import java.util.List;

/**
 * {@code EngineConf}, our own top-level key (PAI-Rec ignores it), read once with types and ranges: the
 * engine's pools and request deadline, the recall default timeout, the callback queue, workers and spill.
 * {@link ConfigValidator} reports {@link #check problems} and the engine starts from {@link #of}, both
 * through the same {@link #read}, so {@code validate} and start-up refuse the same values with the same
 * messages. Absent keys take the defaults below (some scale with the cores). Immutable.
 *
 * @param recallThreads          {@code RecallThreads}, the recall pool ({@code max(32, 8 x cores)})
 * @param recallQueueSize        {@code RecallQueueSize} (2048)
 * @param pluginThreads          {@code PluginThreads}, plugin-internal fan-out ({@code max(16, 4 x cores)})
 * @param pluginQueueSize        {@code PluginQueueSize} (4096)
 * @param afterResponseThreads   {@code AfterResponseThreads} ({@code max(2, cores)})
 * @param afterResponseQueueSize {@code AfterResponseQueueSize} (10000)
 * @param requestTimeoutMs       {@code RequestTimeout}, the whole request's deadline; 0 = none (2000)
 * @param recallTimeoutMs        {@code RecallTimeout}, a recall's timeout when it sets none (see
 *                               {@code ComponentCatalog})
 * @param callbackQueueSize      {@code CallbackQueueSize} (5000)
 * @param callbackWorkers        {@code CallbackWorkers} ({@code max(8, 2 x cores)})
 * @param callbackTimeoutMs      {@code CallbackTimeoutMs} (1000)
 * @param callbackDrainTimeoutMs {@code CallbackDrainTimeoutMs}, how long close waits for the queue (10000)
 * @param callbackRetryIntervalMs {@code CallbackRetryIntervalMs}, between replays of a spill (1000)
 * @param callbackSpillDir       {@code CallbackSpillDir}, relative to the config ({@code data/callback-spill})
 * @param callbackSpillSegmentMb {@code CallbackSpillSegmentMB} (64)
 * @param callbackSpillFsync     {@code CallbackSpillFsync} (false)
 * @param callbackJournalDir     {@code CallbackJournalDir}, relative to the config; empty: {@code callback-journal}
 *                               beside the spill directory
 * @param callbackJournalSegmentMb {@code CallbackJournalSegmentMB} (64)
 * @param callbackJournalFsync   {@code CallbackJournalFsync}: fsync every group commit; off survives kill -9 of
 *                               the engine, on also a power loss (false)
 * @param diagnoseRecentRequests {@code DiagnoseRecentRequests}: how many of the last feed requests per scene
 *                               the diagnostic page offers for replay, kept in memory; 0 keeps none, since
 *                               requests carry user data (0)
 * @param diagnoseUsername       {@code DiagnoseUsername}: with {@code DiagnosePassword}, the credentials the
 *                               diagnostic page and its API ask for (HTTP Basic); empty: no credentials
 * @param diagnosePassword       {@code DiagnosePassword}
 * @param adminUsername          {@code AdminUsername}: with {@code AdminPassword}, the credentials of the admin
 *                               routes ({@code POST /api/admin/reload}, HTTP Basic); empty: no admin routes
 * @param adminPassword          {@code AdminPassword}
 * @param configWatchIntervalMs  {@code ConfigWatchIntervalMs}: how often the config file and the experiment file
 *                               are checked for changes (hot reload); 0 = not watched (1000)
 */
public record EngineSettings(int recallThreads, int recallQueueSize, int pluginThreads, int pluginQueueSize,
                             int afterResponseThreads, int afterResponseQueueSize, int requestTimeoutMs,
                             int recallTimeoutMs, int callbackQueueSize, int callbackWorkers, long callbackTimeoutMs,
                             long callbackDrainTimeoutMs, long callbackRetryIntervalMs, String callbackSpillDir,
                             double callbackSpillSegmentMb, boolean callbackSpillFsync,
                             String callbackJournalDir, double callbackJournalSegmentMb,
                             boolean callbackJournalFsync, int diagnoseRecentRequests,
                             String diagnoseUsername, String diagnosePassword,
                             String adminUsername, String adminPassword, int configWatchIntervalMs) {

    /** The key messages name. */
    public static final String KEY = "EngineConf";
    /** The safety net over the per-stage timeouts: no stage of a request waits past it. */
    public static final int DEFAULT_REQUEST_TIMEOUT_MS = 2000;
    /** A recall's timeout when neither the recall ({@code Timeout}) nor {@code RecallTimeout} sets one. */
    public static final int DEFAULT_RECALL_TIMEOUT_MS = 300;

    /** One hour: a larger timeout or interval is a typo. */
    private static final int MAX_MS = 3_600_000;
    /** Pools and workers beyond this are a typo, not a sizing. */
    private static final int MAX_THREADS = 10_000;
    /** Replay needs a few; thousands per scene would be a memory leak of user data. */
    private static final int MAX_RECENT_REQUESTS = 1_000;

    /** Reads the {@code EngineConf} object behind {@code r}; every problem goes to {@code r}. */
    static EngineSettings read(ConfigReader r, int cores) {
        return new EngineSettings(
                r.integer("RecallThreads", Math.max(32, 8 * cores), 1, MAX_THREADS),
                r.integer("RecallQueueSize", 2048, 1),
                r.integer("PluginThreads", Math.max(16, 4 * cores), 1, MAX_THREADS),
                r.integer("PluginQueueSize", 4096, 1),
                r.integer("AfterResponseThreads", Math.max(2, cores), 1, MAX_THREADS),
                r.integer("AfterResponseQueueSize", 10_000, 1),
                r.integer("RequestTimeout", DEFAULT_REQUEST_TIMEOUT_MS, 0, MAX_MS),
                r.integer("RecallTimeout", DEFAULT_RECALL_TIMEOUT_MS, 1, MAX_MS),
                r.integer("CallbackQueueSize", 5000, 1),
                r.integer("CallbackWorkers", Math.max(8, 2 * cores), 1, MAX_THREADS),
                r.longValue("CallbackTimeoutMs", 1000, 1, MAX_MS),
                r.longValue("CallbackDrainTimeoutMs", 10_000, 0, MAX_MS),
                r.longValue("CallbackRetryIntervalMs", 1000, 1, MAX_MS),
                r.string("CallbackSpillDir", "data/callback-spill"),
                r.decimal("CallbackSpillSegmentMB", 64, 0.001, 1024 * 1024),
                r.bool("CallbackSpillFsync", false),
                r.string("CallbackJournalDir", ""),
                r.decimal("CallbackJournalSegmentMB", 64, 0.001, 1024 * 1024),
                r.bool("CallbackJournalFsync", false),
                r.integer("DiagnoseRecentRequests", 0, 0, MAX_RECENT_REQUESTS),
                r.string("DiagnoseUsername", ""),
                password(r, "Diagnose"),
                r.string("AdminUsername", ""),
                password(r, "Admin"),
                r.integer("ConfigWatchIntervalMs", 1000, 0, MAX_MS));
    }

    /** A password without a user name (or the reverse) is a half-done setting: the page would stay open. */
    private static String password(ConfigReader r, String prefix) {
        String user = r.string(prefix + "Username", "");
        String password = r.string(prefix + "Password", "");
        if (user.isEmpty() != password.isEmpty()) {
            r.problem(user.isEmpty() ? prefix + "Username" : prefix + "Password",
                    prefix + "Username and " + prefix + "Password go together: set both or neither");
        }
        return password;
    }

    /** True when the admin routes are on (credentials configured). */
    public boolean adminEnabled() {
        return !adminUsername.isEmpty();
    }

    /** True when the diagnostic page asks for credentials. */
    public boolean diagnoseGuarded() {
        return !diagnoseUsername.isEmpty();
    }

    @Override
    public String toString() {
        // the record's own toString would print the password
        return "EngineSettings[recallThreads=" + recallThreads + ", requestTimeoutMs=" + requestTimeoutMs
                + ", diagnoseRecentRequests=" + diagnoseRecentRequests + ", diagnoseGuarded=" + diagnoseGuarded()
                + ", adminEnabled=" + adminEnabled() + ", configWatchIntervalMs=" + configWatchIntervalMs + ", ...]";
    }

    private static ConfigReader reader(ComponentConfig engineConf) {
        return new ConfigReader(engineConf, KEY);
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Every problem of {@code EngineConf}, each naming the key; empty when it is fine. */
    public static List<ConfigException> check(EngineConfig config) {
        ConfigReader r = reader(config.engineConf());
        read(r, cores());
        return r.problems();
    }

    /**
     * The settings of {@code config}.
     *
     * @throws ConfigValidationException with every problem of {@code EngineConf}
     */
    public static EngineSettings of(EngineConfig config) {
        ConfigReader r = reader(config.engineConf());
        EngineSettings s = read(r, cores());
        if (!r.problems().isEmpty()) {
            throw new ConfigValidationException(config.source(), r.problems());
        }
        return s;
    }
}
