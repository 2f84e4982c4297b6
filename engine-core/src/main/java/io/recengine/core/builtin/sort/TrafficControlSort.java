package io.recengine.core.builtin.sort;

import io.recengine.core.builtin.sort.trafficcontrol.ActualTraffic;
import io.recengine.core.builtin.sort.trafficcontrol.ControllerParams;
import io.recengine.core.builtin.sort.trafficcontrol.PidController;
import io.recengine.core.builtin.sort.trafficcontrol.PidSettings;
import io.recengine.core.builtin.sort.trafficcontrol.TaskConditions;
import io.recengine.core.builtin.sort.trafficcontrol.TrafficControlBoard;
import io.recengine.core.builtin.sort.trafficcontrol.TrafficControlParams;
import io.recengine.core.experiment.TrafficControlTasks;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.User;
import io.recengine.spi.Values;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * PAI-Rec's {@code TrafficControlSort}: moves the items of traffic-control targets up or down so that each
 * target gets the traffic its task asks for. The tasks come from the experiment file's
 * {@code traffic_control_tasks} (PAI-Rec: the A/B service), the actual traffic from the engine's counters
 * of served answers ({@link TrafficControlBoard}; PAI-Rec: the A/B service's Flink figures). One
 * {@link PidController} per target turns the gap between aim and traffic into a signal.
 *
 * <p>Per request: the items ordered by score; the controllers of tasks running now, for this scene
 * (the task's scene or one of its effective scenes), for this user (the task's user condition), not turned
 * off by the experiment params ({@code start_page_number}, {@code pid_task_params} / {@code
 * pid_target_params} {@code turn_off}) and, when the task names production experiments, for a request in
 * one of them. {@code Global} targets (macro control): one signal per target, a pushed-up target's signal
 * raised by its share of the page's position-weighted score ({@code 1 + pid_gamma * tanh(pid_beta *
 * share)}), at most {@code pid_max_uplift_item_cnt} pushed-up targets kept (sampled by that share); each of
 * its items moves by the signal times its normalised score (up) or times a sigmoid of its position (down).
 * {@code Single} targets (micro control): one signal per item, at most {@code
 * pid_single_control_limit_count} items pushed up. Finally the items are ordered by {@code position -
 * delta}, ties by position.
 *
 * <p>Cheap per request: no locks beyond each controller's status, no waiting on I/O, arrays indexed by
 * position (no per-item maps). As in PAI-Rec, every item gets {@code __traffic_control_id__} and {@code
 * _ORIGIN_POSITION_}, and, when a target applies, {@code _NEW_POSITION_} and (moved items) the algo score
 * {@code __delta_rank__}: logs and callbacks downstream read them.
 */
public final class TrafficControlSort implements Sort {

    public static final String TYPE = "TrafficControlSort";
    private static final String PAGE_NUMBER = "page_number";
    private static final String CONTROL_ID = "__traffic_control_id__";
    private static final String ORIGIN_POSITION = "_ORIGIN_POSITION_";
    private static final String NEW_POSITION = "_NEW_POSITION_";

    private final String name;
    private final PidSettings settings;
    private final TrafficControlBoard board;
    private final DoubleSupplier random;
    /** Controller states by target id: kept when the tasks are published again. */
    private final Map<String, PidController.State> states = new ConcurrentHashMap<>();
    private volatile Controllers controllers = new Controllers(null, List.of());

    private record Controllers(TrafficControlTasks tasks, List<PidController> all) {
    }

    TrafficControlSort(String name, PidSettings settings, TrafficControlBoard board, DoubleSupplier random) {
        this.name = name;
        this.settings = settings;
        this.board = board;
        this.random = random;
    }

    /** The controllers of the published tasks, rebuilt when they change (states carried by target id). */
    List<PidController> controllers() {
        TrafficControlTasks tasks = board.tasks();
        Controllers c = controllers;
        if (c.tasks() == tasks) {
            return c.all();
        }
        synchronized (this) {
            c = controllers;
            if (c.tasks() != tasks) {
                List<PidController> all = new ArrayList<>();
                for (TrafficControlTasks.Task task : tasks.tasks()) {
                    for (TrafficControlTasks.Target target : task.targets()) {
                        all.add(new PidController(task, target, settings, board.clock(),
                                states.computeIfAbsent(target.id(), k -> new PidController.State())));
                    }
                }
                states.keySet().removeIf(id -> all.stream().noneMatch(p -> p.target().id().equals(id)));
                c = new Controllers(tasks, List.copyOf(all));
                controllers = c;
            }
            return c.all();
        }
    }

    @Override
    public List<Item> sort(RecContext context, User user, List<Item> items) {
        List<Item> ranked = new ArrayList<>(items);
        ranked.sort((a, b) -> Double.compare(b.score(), a.score()));
        int n = ranked.size();
        if (n == 0) {
            return ranked;
        }
        // written on every item, as PAI-Rec does: callbacks and logs downstream read them (one write per item)
        String[] names = {CONTROL_ID, ORIGIN_POSITION};
        Object[] values = new Object[2];
        for (int i = 0; i < n; i++) {
            Integer position = i + 1;
            values[0] = position;
            values[1] = position;
            ranked.get(i).setProperties(names, values, 2);
        }
        Instant now = board.clock().instant();
        TrafficControlParams params = TrafficControlParams.of(context.abParams());
        List<PidController> global = new ArrayList<>();
        List<PidController> single = new ArrayList<>();
        select(context, user, params, now, global, single);
        if (global.isEmpty() && single.isEmpty()) {
            context.log("WARN", "module=TrafficControlSort\tname=" + name + "\tno traffic-control target applies");
            return ranked;
        }
        context.log("DEBUG", "module=TrafficControlSort\tname=" + name + "\tglobal control num " + global.size()
                + ", single control num " + single.size());
        double[] delta = new double[n];
        if (!single.isEmpty()) {
            microControl(context, single, ranked, delta, params, now);
        }
        if (!global.isEmpty()) {
            macroControl(context, global, ranked, delta, params, now);
        }
        return reorder(context, ranked, delta);
    }

    /** The controllers that apply to this request, split by granularity. */
    void select(RecContext context, User user, TrafficControlParams params, Instant now, List<PidController> global,
                List<PidController> single) {
        int start = params.startPageNumber();
        if (start >= 0 && pageNumber(context) <= start) {
            return;
        }
        long seconds = now.getEpochSecond();
        String expId = context.experimentId();
        for (PidController c : controllers()) {
            TrafficControlTasks.Task task = c.task();
            TrafficControlTasks.Target target = c.target();
            if (!task.activeAt(now) || !target.activeAt(now) || !task.appliesToScene(context.sceneId())
                    || params.turnedOff(task.id(), target.id()) || !inExperiments(task, expId)
                    || !TaskConditions.userMatches(task, user, seconds)) {
                continue;
            }
            (task.single() ? single : global).add(c);
        }
    }

    /**
     * Whether {@code expId} (PAI-Rec's {@code ER2_L1#EG3#E7_GL9#EG1#E4}) names one of the task's experiments
     * ({@code E<id>} as a whole part); a task naming none applies to every request.
     */
    static boolean inExperiments(TrafficControlTasks.Task task, String expId) {
        if (task.experimentIds().isEmpty()) {
            return true;
        }
        if (expId == null || expId.isEmpty()) {
            return false;
        }
        int from = 0;
        for (int i = 0; i <= expId.length(); i++) {
            if (i == expId.length() || expId.charAt(i) == '#' || expId.charAt(i) == '_') {
                if (i - from > 1 && expId.charAt(from) == 'E' && Character.isDigit(expId.charAt(from + 1))
                        && task.experimentIds().contains(expId.substring(from + 1, i))) {
                    return true;
                }
                from = i + 1;
            }
        }
        return false;
    }

    private static int pageNumber(RecContext context) {
        return (int) Values.toDouble(context.features().get(PAGE_NUMBER), 1);
    }

    // ------------------------------------------------------------------------------------------------ micro

    private void microControl(RecContext context, List<PidController> controllers, List<Item> items, double[] delta,
                              TrafficControlParams params, Instant now) {
        int n = items.size();
        long seconds = now.getEpochSecond();
        int s = controllers.size();
        boolean[] controlled = new boolean[n * s];
        TaskConditions.Items conditions = new TaskConditions.Items(seconds);
        ControllerParams[] cp = new ControllerParams[s];
        ActualTraffic traffic = board.traffic();
        for (int k = 0; k < s; k++) {
            PidController c = controllers.get(k);
            cp[k] = params.controller(c.task().id(), c.target().id());
            for (int i = 0; i < n; i++) {
                Item item = items.get(i);
                if (conditions.matches(c.target().itemCondition(), item)) {
                    controlled[i * s + k] = true;
                    ActualTraffic.Measurement m = traffic.item(c.target(), item.id(), now);
                    if (m != null) {
                        c.setMeasurement("", item.id(), m.targetTraffic(), m.recordTime(), cp[k]);
                    }
                }
            }
        }
        double maxScore = 0;
        for (Item item : items) {
            maxScore = Math.max(maxScore, item.score() == 0 ? 1e-8 : item.score());
        }
        int limit = params.singleControlLimit();
        int uplifted = 0;
        for (int i = 0; i < n; i++) {
            Item item = items.get(i);
            double d = 0;
            for (int k = 0; k < s; k++) {
                if (!controlled[i * s + k]) {
                    continue;
                }
                double alpha = controllers.get(k).compute("", item.id(), cp[k]);
                if (alpha > 0) {
                    alpha *= i == 0 ? Math.E : expScore(item.score() / maxScore);
                }
                d += alpha; // targets pulling apart: the stronger wins
            }
            if (d < 0) {
                delta[i] += d;
            } else if (d > 0 && uplifted < limit) {
                delta[i] += d;
                uplifted++;
                if (i + 1 > context.size()) { // pushed up from beyond the page
                    item.setProperty(CONTROL_ID, 0);
                }
            }
            if (d != 0 && context.debug()) {
                context.log("DEBUG", "module=TrafficControlSort\titem=" + item.id() + "\tsingle delta rank=" + d);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ macro

    private void macroControl(RecContext context, List<PidController> controllers, List<Item> items, double[] delta,
                              TrafficControlParams params, Instant now) {
        int g = controllers.size();
        double[] alpha = new double[g];
        ControllerParams[] cp = new ControllerParams[g];
        if (!macroAlphas(context, controllers, alpha, cp, params, now)) {
            context.log("WARN", "module=TrafficControlSort\tmacro control\tno traffic measured yet for the targets");
            return;
        }
        int n = items.size();
        long seconds = now.getEpochSecond();
        boolean[] controlled = new boolean[n * g];
        TaskConditions.Items conditions = new TaskConditions.Items(seconds);
        double[] itemScores = new double[n];
        double[] targetScore = new double[g];
        double total = 0;
        double maxScore = 0;
        for (int i = 0; i < n; i++) {
            Item item = items.get(i);
            double score = item.score() == 0 ? 1e-8 : item.score();
            if (i == 0) {
                maxScore = score;
                itemScores[0] = Math.E;
            } else {
                itemScores[i] = expScore(score / maxScore);
            }
            double weighted = score * (i < POSITION_WEIGHT.length ? POSITION_WEIGHT[i] : FAR_POSITION_WEIGHT);
            total += weighted;
            for (int k = 0; k < g; k++) {
                if (conditions.matches(controllers.get(k).target().itemCondition(), item)) {
                    controlled[i * g + k] = true;
                    if (alpha[k] != 0) {
                        targetScore[k] += weighted;
                    }
                }
            }
        }
        for (int k = 0; k < g; k++) {
            targetScore[k] = total == 0 ? 0 : targetScore[k] / total;
        }
        int maxUplift = params.maxUpliftTargets(g);
        if (maxUplift < g) {
            sampleUpliftTargets(maxUplift, targetScore, alpha);
        }
        double gamma = params.gamma();
        double beta = params.beta();
        for (int k = 0; k < g; k++) {
            if (alpha[k] > 0) {
                // the targets the page already likes more get pushed harder: it tells pushed targets apart
                alpha[k] *= 1.0 + gamma * tanh(beta * targetScore[k]);
            }
        }
        if (context.debug()) {
            StringBuilder sb = new StringBuilder("module=TrafficControlSort\tmacro control\ttarget alpha:");
            for (int k = 0; k < g; k++) {
                sb.append(' ').append(controllers.get(k).target().id()).append('=').append(alpha[k]);
            }
            context.log("DEBUG", sb.toString());
        }
        double eta = params.eta();
        int page = Math.max(1, pageNumber(context));
        int size = context.size();
        for (int i = 0; i < n; i++) {
            double d = 0;
            for (int k = 0; k < g; k++) {
                if (!controlled[i * g + k] || alpha[k] == 0) {
                    continue;
                }
                if (alpha[k] < 0) {
                    double rho = eta * (1.0 - tanh(targetScore[k]));
                    d += alpha[k] * sigmoid(i, rho);
                } else {
                    double up = alpha[k] * itemScores[i];
                    d += up;
                    int distinctStart = size + (page > 1 ? (int) ((targetScore[k] - 0.3) * 10 * size) : 0);
                    if (i > distinctStart && up >= 1.0) {
                        markControlled(items.get(i), controllers.get(k));
                    }
                }
            }
            if (d != 0 && d < 1.0 && items.get(i).property(CONTROL_ID) instanceof Number id && id.intValue() == 0) {
                items.get(i).setProperty(CONTROL_ID, i + 1); // PAI-Rec: back to the origin position
            }
            delta[i] += d;
        }
    }

    /**
     * Each global target's signal; false when no target has any measurement (PAI-Rec: "no traffic data
     * detected", it then leaves the order alone rather than act on missing figures).
     */
    private boolean macroAlphas(RecContext context, List<PidController> controllers, double[] alpha,
                                ControllerParams[] cp, TrafficControlParams params, Instant now) {
        ActualTraffic traffic = board.traffic();
        String expId = context.experimentId() == null ? "" : context.experimentId();
        boolean measured = false;
        for (int k = 0; k < controllers.size(); k++) {
            PidController c = controllers.get(k);
            cp[k] = params.controller(c.task().id(), c.target().id());
            boolean percent = c.task().controlType() == TrafficControlTasks.ControlType.PERCENT;
            boolean byExperiment = percent && c.settings().allocateExperimentWise() && !expId.isEmpty();
            String statusKey = byExperiment ? expId : "";
            ActualTraffic.Measurement m = traffic.global(c.task(), c.target(), byExperiment ? expId : ActualTraffic.ALL, now);
            if (byExperiment && (m == null ? 0 : m.targetTraffic()) < c.settings().minExpTraffic()) {
                // a young experiment reads the overall figures until it has traffic of its own
                statusKey = "";
                m = traffic.global(c.task(), c.target(), ActualTraffic.ALL, now);
            }
            double targetTraffic = m == null ? 0 : m.targetTraffic();
            double value = targetTraffic;
            if (m != null) {
                if (percent) {
                    value = m.taskTraffic() > 0 ? targetTraffic / m.taskTraffic() : 0;
                }
                measured = true;
                c.setMeasurement(statusKey, "", value, m.recordTime(), cp[k]);
            }
            // no figure: the controller keeps what it had (PAI-Rec feeds a 0 stamped "now", which would hide
            // the next real figure, stamped at the start of its step, until the step after)
            alpha[k] = c.compute(statusKey, "", cp[k]);
            if (context.debug()) {
                context.log("DEBUG", "module=TrafficControlSort\t<taskId:" + c.task().id() + "/targetId:"
                        + c.target().id() + ">[targetName:" + c.target().name() + "]\ttraffic=" + targetTraffic
                        + ", measured=" + value + ", aim=" + c.aimValue(now) + ", alpha=" + alpha[k]
                        + (statusKey.isEmpty() ? "" : ", exp=" + statusKey));
            }
        }
        return measured;
    }

    /** Keeps {@code max} of the pushed-up targets, drawn without replacement by their score share. */
    private void sampleUpliftTargets(int max, double[] targetScore, double[] alpha) {
        if (max <= 0) {
            return;
        }
        int up = 0;
        for (double a : alpha) {
            if (a > 0) {
                up++;
            }
        }
        if (up <= max) {
            return;
        }
        boolean[] chosen = new boolean[alpha.length];
        for (int taken = 0; taken < max; taken++) {
            double sum = 0;
            for (int k = 0; k < alpha.length; k++) {
                if (alpha[k] > 0 && !chosen[k]) {
                    sum += targetScore[k];
                }
            }
            if (sum <= 0) {
                break;
            }
            double r = random.getAsDouble() * sum;
            int pick = -1;
            for (int k = 0; k < alpha.length; k++) {
                if (alpha[k] > 0 && !chosen[k]) {
                    pick = k;
                    r -= targetScore[k];
                    if (r < 0) {
                        break;
                    }
                }
            }
            chosen[pick] = true;
        }
        for (int k = 0; k < alpha.length; k++) {
            if (alpha[k] > 0 && !chosen[k]) {
                alpha[k] = 0;
            }
        }
    }

    private static void markControlled(Item item, PidController c) {
        if (c.task().controlType() == TrafficControlTasks.ControlType.PERCENT) {
            try {
                item.setProperty(CONTROL_ID, -Integer.parseInt(c.target().id()));
            } catch (NumberFormatException e) {
                item.setProperty(CONTROL_ID, 0);
            }
        } else if (item.property(CONTROL_ID) instanceof Number num && num.intValue() > 0) {
            item.setProperty(CONTROL_ID, 0); // one that another controller made negative stays so
        }
    }

    // ------------------------------------------------------------------------------------------------ final

    /** Orders by {@code position - delta} (1-based), ties by position. */
    private static List<Item> reorder(RecContext context, List<Item> items, double[] delta) {
        int n = items.size();
        boolean any = false;
        for (double d : delta) {
            if (d != 0) {
                any = true;
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            Item item = items.get(i);
            if (delta[i] != 0) {
                item.setProperty(NEW_POSITION, (i + 1) - delta[i]);
                item.setAlgoScore("__delta_rank__", delta[i]);
            } else {
                item.setProperty(NEW_POSITION, i + 1);
            }
        }
        if (!any) {
            return items;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare((a + 1) - delta[a], (b + 1) - delta[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        List<Item> out = new ArrayList<>(n);
        for (Integer i : order) {
            out.add(items.get(i));
        }
        return out;
    }

    /** Tables, as PAI-Rec's: the functions at steps of 0.001, so the results match its to the bit. */
    private static final double[] EXP = table(1000, i -> Math.exp(i / 1000.0));
    private static final double[] TANH = table(3000, i -> Math.tanh(i / 1000.0));
    private static final double[] SIGMOID = table(10000, i -> 1.0 / (1.0 + Math.exp(10 - (i / 1000.0 + 5.0))));
    /** Position weights {@code e^(-0.01 i)} of the first 500 places; beyond, {@code e^-5}. */
    private static final double[] POSITION_WEIGHT = table(500, i -> Math.exp(-0.01 * i));
    private static final double FAR_POSITION_WEIGHT = 0.006737946999;

    private static double[] table(int n, java.util.function.IntToDoubleFunction f) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = f.applyAsDouble(i);
        }
        return t;
    }

    /** {@code e^x} over [0, 1) for a score normalised by the top one. */
    static double expScore(double normalised) {
        int idx = (int) (normalised * 1000);
        return EXP[Math.max(0, Math.min(999, idx))];
    }

    /** tanh over [0, 3), negative arguments read as 0. */
    static double tanh(double x) {
        int idx = (int) (x * 1000);
        return TANH[Math.max(0, Math.min(2999, idx))];
    }

    /** {@code 1 / (1 + e^(10 - rho x))} for {@code rho x} in [5, 15), flat outside. */
    static double sigmoid(double x, double rho) {
        int idx = (int) (rho * x * 1000.0) - 5000;
        if (idx < 0) {
            idx = 0;
        } else if (idx >= 10000) {
            return 1;
        }
        return SIGMOID[idx];
    }

    /** Factory: {@code PIDConf} is PAI-Rec's {@code PIDControllerConfig}. */
    public static final class Factory extends SettingsSortFactory {
        public Factory() {
            super(TYPE);
        }

        @Override
        Sort read(ComponentConfig config, Keys keys, PluginContext context) {
            ComponentConfig pid = keys.object(config, "PIDConf");
            PidSettings settings = PidSettings.of(keys.decimal(pid, "DefaultKp", 0), keys.decimal(pid, "DefaultKi", 0),
                    keys.decimal(pid, "DefaultKd", 0), keys.decimal(pid, "IntegralMin", 0),
                    keys.decimal(pid, "IntegralMax", 0), keys.decimal(pid, "IntegralThreshold", 0),
                    keys.decimal(pid, "ErrThreshold", 0), keys.decimal(pid, "ErrDiscount", 0),
                    keys.bool(pid, "AllocateExperimentWise", false), keys.decimal(pid, "MinExpTraffic", 0),
                    keys.integer(pid, "FreezeMinutes", 0, 0));
            // read by PAI-Rec's config and used by nothing there either; checked so a typo of type shows
            keys.integer(pid, "AheadMinutes", 0, 0);
            keys.integer(pid, "MembershipCacheSeconds", 0, 0);
            for (String k : pid.keys()) {
                if (!PID_KEYS.containsKey(k.toLowerCase(java.util.Locale.ROOT))) {
                    keys.problem(Keys.key(pid, k), "unknown PIDConf key. Known: " + new java.util.TreeSet<>(PID_KEYS.values()));
                }
            }
            if (context == null) {
                return null;
            }
            TrafficControlBoard board = context.service(TrafficControlBoard.class).orElse(null);
            if (board == null) {
                keys.problem("SortType", "TrafficControlSort runs inside the engine only: its tasks come from the "
                        + "engine's experiment file and its traffic from the engine's counters");
                return null;
            }
            return new TrafficControlSort(config.name(), settings, board,
                    () -> ThreadLocalRandom.current().nextDouble());
        }

        private static final Map<String, String> PID_KEYS = pidKeys();

        private static Map<String, String> pidKeys() {
            Map<String, String> m = new HashMap<>();
            for (String k : List.of("AllocateExperimentWise", "DefaultKp", "DefaultKi", "DefaultKd", "AheadMinutes",
                    "MembershipCacheSeconds", "IntegralMin", "IntegralMax", "IntegralThreshold", "ErrThreshold",
                    "ErrDiscount", "MinExpTraffic", "FreezeMinutes")) {
                m.put(k.toLowerCase(java.util.Locale.ROOT), k);
            }
            return Map.copyOf(m);
        }
    }
}
