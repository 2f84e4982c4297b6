package io.recengine.core.builtin.sort.trafficcontrol;

import io.recengine.spi.Values;

import java.util.Map;

/**
 * The experiment parameters PAI-Rec's {@code TrafficControlSort} reads, from the request's merged
 * experiment params: {@code start_page_number} (control only after that page), {@code pid_gamma} (1),
 * {@code pid_beta} (1), {@code pid_eta} (1.6), {@code pid_max_uplift_item_cnt} (targets pushed up per
 * request), {@code pid_single_control_limit_count} (5, items pushed up per request by {@code Single}
 * targets), {@code pid_err_discount}, {@code pid_integral_threshold}, and {@code pid_task_params} /
 * {@code pid_target_params} (by task or target id: {@code turn_off}, {@code kp}, {@code ki}, {@code kd}).
 * Read per request without copying: a handful of map lookups.
 */
public final class TrafficControlParams {

    private final Map<String, Object> params;

    private TrafficControlParams(Map<String, Object> params) {
        this.params = params == null ? Map.of() : params;
    }

    public static TrafficControlParams of(Map<String, Object> abParams) {
        return new TrafficControlParams(abParams);
    }

    /** {@code start_page_number}, or -1 when absent. */
    public int startPageNumber() {
        return (int) Values.toDouble(params.get("start_page_number"), -1);
    }

    public double gamma() {
        return Values.toDouble(params.get("pid_gamma"), 1.0);
    }

    public double beta() {
        return Values.toDouble(params.get("pid_beta"), 1.0);
    }

    public double eta() {
        return Values.toDouble(params.get("pid_eta"), 1.6);
    }

    /** {@code pid_max_uplift_item_cnt}, or {@code fallback} when absent. */
    public int maxUpliftTargets(int fallback) {
        return (int) Values.toDouble(params.get("pid_max_uplift_item_cnt"), fallback);
    }

    public int singleControlLimit() {
        return (int) Values.toDouble(params.get("pid_single_control_limit_count"), 5);
    }

    /** Whether {@code pid_task_params.<taskId>.turn_off} or {@code pid_target_params.<targetId>.turn_off} is true. */
    public boolean turnedOff(String taskId, String targetId) {
        return Boolean.TRUE.equals(entry("pid_task_params", taskId).get("turn_off"))
                || Boolean.TRUE.equals(entry("pid_target_params", targetId).get("turn_off"));
    }

    /** The controller overrides: the global ones, the task's gains, the target's gains over them. */
    public ControllerParams controller(String taskId, String targetId) {
        Object discount = params.get("pid_err_discount");
        Object threshold = params.get("pid_integral_threshold");
        Map<?, ?> task = entry("pid_task_params", taskId);
        Map<?, ?> target = entry("pid_target_params", targetId);
        if (discount == null && threshold == null && task.isEmpty() && target.isEmpty()) {
            return ControllerParams.NONE;
        }
        return new ControllerParams(gain("kp", task, target), gain("ki", task, target), gain("kd", task, target),
                Values.toDouble(discount, Double.NaN), Values.toDouble(threshold, Double.NaN));
    }

    private static double gain(String key, Map<?, ?> task, Map<?, ?> target) {
        Object v = target.get(key);
        return Values.toDouble(v != null ? v : task.get(key), Double.NaN);
    }

    private Map<?, ?> entry(String key, String id) {
        if (params.get(key) instanceof Map<?, ?> m && m.get(id) instanceof Map<?, ?> e) {
            return e;
        }
        return Map.of();
    }
}
