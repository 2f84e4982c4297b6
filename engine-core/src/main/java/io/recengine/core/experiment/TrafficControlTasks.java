package io.recengine.core.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.recengine.core.expr.Expression;
import io.recengine.spi.ConfigException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The experiment file's {@code traffic_control_tasks}, checked and compiled once: each task's scenes, time
 * window, user and item conditions (in the engine's expression language) and its targets with their aims.
 * Immutable; what {@code TrafficControlSort} and the traffic counters read. Every problem is reported with
 * the task or target and the key, as the experiment file's other objects are (the A/B client skips a bad
 * task silently).
 */
public final class TrafficControlTasks {

    public static final TrafficControlTasks NONE = new TrafficControlTasks(List.of());

    /** The service's status of a task that runs ({@code ProductStatus}). */
    public static final String RUNNING = "Running";
    static final String PERMANENT = "Permanent";
    static final String TIME_RANGE = "TimeRange";

    /** {@code ControlType}: the target is a share of the task's traffic, or a number of exposures. */
    public enum ControlType { PERCENT, QUANTITY }

    /** {@code StatisPeriod}: how the aim grows over the day. */
    public enum Period { DAILY, HOUR, NONE }

    private final List<Task> tasks;

    private TrafficControlTasks(List<Task> tasks) {
        this.tasks = List.copyOf(tasks);
    }

    /** Tasks already checked (built in code, e.g. by tests). */
    public static TrafficControlTasks of(List<Task> tasks) {
        return tasks.isEmpty() ? NONE : new TrafficControlTasks(tasks);
    }

    public List<Task> tasks() {
        return tasks;
    }

    public boolean isEmpty() {
        return tasks.isEmpty();
    }

    /**
     * A task: where it applies (its scene and effective scenes, users matching {@code userCondition}, the
     * production experiments {@code ProdExperimentIds} names), when (running, in its time window) and how
     * (type, granularity, logic).
     */
    public record Task(String id, String name, Set<String> scenes, boolean running, Instant start, Instant end,
                       Expression userCondition, Expression itemCondition, ControlType controlType, boolean single,
                       boolean guaranteed, Set<String> experimentIds, List<Target> targets) {

        /** Whether the task runs at {@code now}: running, and in its window unless permanent (start null). */
        public boolean activeAt(Instant now) {
            return running && (start == null || (!now.isBefore(start) && now.isBefore(end)));
        }

        public boolean appliesToScene(String scene) {
            return scenes.contains(scene);
        }
    }

    /**
     * A target: the items it counts ({@code itemCondition}: the task's item conditions and the target's,
     * null for every item), its aim ({@code value}, {@code setValues} at {@code timePoints} minutes of the
     * day) and the tolerance (percent of the aim) inside which it is left alone.
     */
    public record Target(String id, String name, String taskId, double value, long tolerance, Instant start,
                         Instant end, Period period, boolean closed, List<Integer> timePoints, List<Long> setValues,
                         Expression itemCondition) {

        public boolean activeAt(Instant now) {
            return !closed && !now.isBefore(start) && now.isBefore(end);
        }
    }

    /** Checks and compiles {@code raw}; problems go to {@code problems}, named {@code traffic_control_tasks[i]...}. */
    static TrafficControlTasks compile(List<TrafficControlTask> raw, List<ConfigException> problems) {
        List<Task> out = new ArrayList<>();
        Set<String> taskIds = new HashSet<>();
        Set<String> targetIds = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            TrafficControlTask t = raw.get(i);
            String path = "traffic_control_tasks[" + i + "]";
            String where = path;
            if (t == null) {
                problems.add(new ConfigException(where, "", "is null; want a task object"));
                continue;
            }
            int before = problems.size();
            String id = blankToEmpty(t.trafficControlTaskId());
            if (id.isEmpty()) {
                problems.add(new ConfigException(where, "TrafficControlTaskId", "is required"));
            } else if (!taskIds.add(id)) {
                problems.add(new ConfigException(where, "TrafficControlTaskId",
                        "task '" + id + "' is listed twice"));
            }
            where = "traffic-control task '" + id + "' (" + path + ")";
            Set<String> scenes = new LinkedHashSet<>();
            if (!blankToEmpty(t.sceneName()).isEmpty()) {
                scenes.add(t.sceneName());
            }
            t.effectiveSceneNames().stream().filter(s -> s != null && !s.isBlank()).forEach(scenes::add);
            if (scenes.isEmpty()) {
                problems.add(new ConfigException(where, "SceneName",
                        "is required (or EffectiveSceneNames): the scenes the task controls"));
            }
            ControlType type = switch (blankToEmpty(t.controlType())) {
                case "Percent" -> ControlType.PERCENT;
                case "Quantity" -> ControlType.QUANTITY;
                default -> {
                    problems.add(new ConfigException(where, "ControlType",
                            "want Percent or Quantity, got '" + blankToEmpty(t.controlType()) + "'"));
                    yield ControlType.QUANTITY;
                }
            };
            boolean single = switch (blankToEmpty(t.controlGranularity())) {
                case "Single" -> true;
                case "Global" -> false;
                default -> {
                    problems.add(new ConfigException(where, "ControlGranularity",
                            "want Global or Single, got '" + blankToEmpty(t.controlGranularity()) + "'"));
                    yield false;
                }
            };
            boolean guaranteed = switch (blankToEmpty(t.controlLogic())) {
                case "", "Guaranteed" -> true;
                case "Approach" -> false;
                default -> {
                    problems.add(new ConfigException(where, "ControlLogic",
                            "want Guaranteed (or empty) or Approach, got '" + t.controlLogic() + "'"));
                    yield true;
                }
            };
            Instant start = null;
            Instant end = null;
            switch (blankToEmpty(t.executionTime())) {
                case PERMANENT -> {
                }
                case TIME_RANGE -> {
                    start = time(t.startTime(), where, "StartTime", problems);
                    end = time(t.endTime(), where, "EndTime", problems);
                }
                default -> problems.add(new ConfigException(where, "ExecutionTime",
                        "want Permanent or TimeRange (with StartTime and EndTime), got '"
                                + blankToEmpty(t.executionTime()) + "'"));
            }
            String taskItems = conditions(t.itemConditionArray(), t.itemConditionExpress(), where, "ItemConditionArray",
                    problems);
            Expression userCondition = expression(conditions(t.userConditionArray(), t.userConditionExpress(),
                    where, "UserConditionArray", problems), where, "UserConditionExpress", problems);
            Expression taskItemCondition = expression(taskItems, where, "ItemConditionExpress", problems);
            Set<String> experimentIds = new LinkedHashSet<>();
            for (String e : blankToEmpty(t.prodExperimentIds()).split(",")) {
                if (!e.isBlank()) {
                    experimentIds.add(e.trim());
                }
            }
            List<Target> targets = new ArrayList<>();
            for (int j = 0; j < t.trafficControlTargets().size(); j++) {
                Target target = target(t.trafficControlTargets().get(j), id, taskItems,
                        path + ".TrafficControlTargets[" + j + "]", targetIds, problems);
                if (target != null) {
                    targets.add(target);
                }
            }
            if (problems.size() == before) {
                out.add(new Task(id, blankToEmpty(t.name()), Set.copyOf(scenes),
                        RUNNING.equals(t.productStatus()), start, end, userCondition, taskItemCondition, type, single,
                        guaranteed, Set.copyOf(experimentIds), List.copyOf(targets)));
            }
        }
        return out.isEmpty() ? NONE : new TrafficControlTasks(out);
    }

    private static Target target(TrafficControlTask.Target t, String taskId, String taskItems, String where,
                                 Set<String> targetIds, List<ConfigException> problems) {
        if (t == null) {
            problems.add(new ConfigException(where, "", "is null; want a target object"));
            return null;
        }
        String id = blankToEmpty(t.trafficControlTargetId());
        if (id.isEmpty()) {
            problems.add(new ConfigException(where, "TrafficControlTargetId", "is required"));
        } else if (!targetIds.add(id)) {
            problems.add(new ConfigException(where, "TrafficControlTargetId",
                    "target '" + id + "' is listed twice (target ids are unique across tasks)"));
        }
        where = "traffic-control target '" + id + "' (" + where + ")";
        Instant start = time(t.startTime(), where, "StartTime", problems);
        Instant end = time(t.endTime(), where, "EndTime", problems);
        Period period = switch (blankToEmpty(t.statisPeriod())) {
            case "Daily" -> Period.DAILY;
            case "Hour" -> Period.HOUR;
            case "" -> Period.NONE;
            default -> {
                problems.add(new ConfigException(where, "StatisPeriod",
                        "want Daily, Hour or empty, got '" + t.statisPeriod() + "'"));
                yield Period.NONE;
            }
        };
        List<Integer> points = t.splitParts().timePoints();
        List<Long> values = t.splitParts().setValues();
        if (values.isEmpty()) {
            problems.add(new ConfigException(where, "SplitParts.SetValues",
                    "needs at least one value: the aim (PAI-Rec disables a target without)"));
        } else if (points.size() != values.size()) {
            problems.add(new ConfigException(where, "SplitParts.TimePoints",
                    "has " + points.size() + " entries, SetValues " + values.size() + ": want one time point per value"));
        } else {
            for (int k = 0; k < points.size(); k++) {
                Integer p = points.get(k);
                if (p == null || p < 0 || p > 1440 || (k > 0 && p <= points.get(k - 1))) {
                    problems.add(new ConfigException(where, "SplitParts.TimePoints",
                            "want increasing minutes of the day (0 to 1440), got " + points));
                    break;
                }
            }
        }
        if (t.toleranceValue() < -100 || t.toleranceValue() > 100) {
            problems.add(new ConfigException(where, "ToleranceValue",
                    "want a percentage of the aim between -100 and 100, got " + t.toleranceValue()));
        }
        String own = conditions(t.itemConditionArray(), t.itemConditionExpress(), where, "ItemConditionArray",
                problems);
        String both = taskItems.isEmpty() ? own : own.isEmpty() ? taskItems : "(" + taskItems + ") && (" + own + ")";
        Expression items = expression(both, where, "ItemConditionExpress", problems);
        if (start == null || end == null) {
            return null;
        }
        return new Target(id, blankToEmpty(t.name()), taskId, t.value(), t.toleranceValue(), start, end, period,
                "Closed".equals(t.status()), List.copyOf(points), List.copyOf(values), items);
    }

    /**
     * The expression text of a condition array ({@code [{"field","type","option","value"}]}, JSON text as
     * the service stores it) and an expression, joined with {@code &&}; "" when both are empty.
     */
    static String conditions(String array, String express, String where, String key,
                             List<ConfigException> problems) {
        StringBuilder sb = new StringBuilder();
        if (array != null && !array.isBlank()) {
            try {
                JsonNode list = ExperimentFile.MAPPER.readTree(array);
                if (!list.isArray()) {
                    throw new IllegalArgumentException("want a JSON array of {field, type, option, value}");
                }
                for (JsonNode c : list) {
                    String field = c.path("field").asText("");
                    String op = c.path("option").asText("");
                    boolean text = "STRING".equalsIgnoreCase(c.path("type").asText(""));
                    JsonNode value = c.path("value");
                    if (field.isEmpty() || value.isMissingNode()) {
                        throw new IllegalArgumentException("each condition needs a field and a value, got " + c);
                    }
                    String rhs;
                    switch (op) {
                        case "=", "==" -> {
                            op = "==";
                            rhs = literal(value.asText(), text);
                        }
                        case "!=", ">", ">=", "<", "<=" -> rhs = literal(value.asText(), text);
                        case "in" -> {
                            List<String> parts = new ArrayList<>();
                            for (String v : value.asText().split(",")) {
                                parts.add(literal(v.trim(), text));
                            }
                            rhs = "[" + String.join(", ", parts) + "]";
                        }
                        default -> throw new IllegalArgumentException("unknown option '" + op
                                + "'. Known: [=, !=, >, >=, <, <=, in]");
                    }
                    if (sb.length() > 0) {
                        sb.append(" && ");
                    }
                    sb.append(field).append(' ').append(op).append(' ').append(rhs);
                }
            } catch (JsonProcessingException | IllegalArgumentException e) {
                String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                problems.add(new ConfigException(where, key, why));
            }
        }
        if (express != null && !express.isBlank()) {
            if (sb.length() > 0) {
                sb.insert(0, '(').append(") && (").append(express).append(')');
            } else {
                sb.append(express);
            }
        }
        return sb.toString();
    }

    private static String literal(String v, boolean text) {
        if (!text) {
            try {
                Double.parseDouble(v);
                return v;
            } catch (NumberFormatException e) {
                // a non-number compared as a number: quote it so it parses, it then compares as text
            }
        }
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /**
     * Parses a condition. {@code ${current_time}} (PAI-Rec's built-in, seconds since the epoch) is a
     * variable here, read when the condition runs.
     */
    private static Expression expression(String text, String where, String key, List<ConfigException> problems) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Expression.parse(text);
        } catch (Expression.SyntaxException e) {
            problems.add(new ConfigException(where, key, "does not parse: " + e.getMessage()));
            return null;
        }
    }

    private static Instant time(String text, String where, String key, List<ConfigException> problems) {
        if (text == null || text.isBlank()) {
            problems.add(new ConfigException(where, key, "is required (RFC 3339, e.g. 2026-01-01T00:00:00+08:00)"));
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(new ConfigException(where, key, "want an RFC 3339 time such as "
                    + "2026-01-01T00:00:00+08:00, got '" + text + "'"));
            return null;
        }
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.trim();
    }
}
