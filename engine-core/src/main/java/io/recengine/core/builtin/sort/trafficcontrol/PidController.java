package io.recengine.core.builtin.sort.trafficcontrol;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.recengine.core.experiment.TrafficControlTasks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PAI-Rec's PID controller of one traffic-control target: the error is the aim minus the measured traffic
 * (a share for {@code Percent} tasks, {@code 1 - traffic / aim} for {@code Quantity}), the output
 * {@code Kp * error + Ki * integral + Kd * derivative} says how hard to push the target's items up
 * (positive) or down (negative). Measurements ({@link #setMeasurement}) and outputs ({@link #compute}) are
 * separate, as the figures come a step apart while requests come all the time: integral and derivative
 * advance only when a measurement with a newer time arrives, scaled by the seconds between the two.
 *
 * <p>Against wind-up: the integral is bounded, stops above {@code integralThreshold} (integral
 * separation), weighs less as the error grows towards {@code errThreshold} (variable-speed integral) and
 * decays by {@code errDiscount}. A {@code Guaranteed} target already reached outputs 0, as does one within
 * its tolerance band. Time comes from the injected clock (the day, its minutes and the freeze window in
 * the clock's zone). State: one status overall, one per experiment ({@code AllocateExperimentWise}) and
 * one per item ({@code Single} tasks), each updated under its own lock.
 */
public final class PidController {

    /** The aim of a {@code Quantity} target is recomputed at most this often. */
    private static final Duration AIM_REFRESH = Duration.ofSeconds(30);
    private static final int MAX_EXPERIMENT_STATES = 1_000;
    private static final int MAX_ITEM_STATES = 100_000;

    private final TrafficControlTasks.Task task;
    private final TrafficControlTasks.Target target;
    private final PidSettings settings;
    private final Clock clock;
    private final State state;

    /** The statuses of one target, kept when the task is published again with changes. */
    public static final class State {
        final Status global = new Status();
        final Map<String, Status> byExperiment = new ConcurrentHashMap<>();
        // maintenance on the caller: no hand-off to the common pool per request
        final Cache<String, Status> byItem = Caffeine.newBuilder().executor(Runnable::run).maximumSize(MAX_ITEM_STATES)
                .expireAfterAccess(Duration.ofDays(1)).build();
    }

    public PidController(TrafficControlTasks.Task task, TrafficControlTasks.Target target, PidSettings settings,
                         Clock clock, State state) {
        this.task = task;
        this.target = target;
        this.settings = settings;
        this.clock = clock;
        this.state = state;
    }

    public TrafficControlTasks.Task task() {
        return task;
    }

    public TrafficControlTasks.Target target() {
        return target;
    }

    public PidSettings settings() {
        return settings;
    }

    State state() {
        return state;
    }

    /** One controller status: what the last measurement left. */
    static final class Status {
        private double controlAimValue;
        private double integralSum;
        private double lastError;
        private double lastMeasurement;
        private Instant lastTime;
        private double derivative;
        private double lastOutput;
        private boolean integralActive = true;

        synchronized double integralSum() {
            return integralSum;
        }

        synchronized double derivative() {
            return derivative;
        }

        synchronized boolean integralActive() {
            return integralActive;
        }
    }

    /**
     * The status overall ({@code expId} and {@code itemId} empty), of an experiment, or of an item; null for
     * an item without one when {@code create} is false (it has had no measurement).
     */
    Status status(String expId, String itemId, boolean create) {
        if (!itemId.isEmpty()) {
            return create ? state.byItem.get(itemId, k -> new Status()) : state.byItem.getIfPresent(itemId);
        }
        if (!expId.isEmpty()) {
            Status s = state.byExperiment.get(expId);
            if (s == null) {
                s = state.byExperiment.size() < MAX_EXPERIMENT_STATES
                        ? state.byExperiment.computeIfAbsent(expId, k -> new Status()) : state.global;
            }
            return s;
        }
        return state.global;
    }

    /** Feeds a measurement taken at {@code measureTime}; ignored unless newer than the last one. */
    public void setMeasurement(String expId, String itemId, double measurement, Instant measureTime,
                               ControllerParams params) {
        Status s = status(expId, itemId, true);
        double aim = aimValue(clock.instant());
        if (Double.isNaN(aim)) {
            return;
        }
        aim = Math.max(aim, 1);
        boolean percent = task.controlType() == TrafficControlTasks.ControlType.PERCENT;
        synchronized (s) {
            if (s.lastTime != null && !measureTime.isAfter(s.lastTime)) {
                return;
            }
            boolean achieved = task.guaranteed() && measurement >= (percent ? aim / 100 : aim);
            double error = achieved ? 0 : error(percent, aim, measurement);
            if (achieved || s.lastTime == null) {
                s.lastTime = measureTime;
                s.lastMeasurement = measurement;
                s.lastError = error;
                s.controlAimValue = aim;
                return;
            }
            double dt = (measureTime.toEpochMilli() - s.lastTime.toEpochMilli()) / 1000.0;
            double discount = ControllerParams.or(params.errDiscount(), settings.errDiscount());
            if (discount != 1.0) {
                s.integralSum *= discount;
            }
            double factor = variableIntegralFactor(error);
            double threshold = ControllerParams.or(params.integralThreshold(), settings.integralThreshold());
            if (threshold > 0) {
                if (Math.abs(error) <= threshold) {
                    s.integralSum += factor * error * dt;
                    s.integralActive = true;
                } else {
                    s.integralActive = false;
                }
            } else {
                s.integralSum += factor * error * dt;
            }
            s.integralSum = Math.max(settings.integralMin(), Math.min(settings.integralMax(), s.integralSum));
            s.derivative = (error - s.lastError) / Math.max(dt, 1e-9);
            s.lastError = error;
            s.lastMeasurement = measurement;
            s.lastTime = measureTime;
            s.controlAimValue = aim;
        }
    }

    /**
     * The control signal now: positive pushes the target's items up, negative down, 0 leaves them. An item
     * without a status ({@code itemId} given, never measured) reads as measured 0.
     */
    public double compute(String expId, String itemId, ControllerParams params) {
        Instant now = clock.instant();
        Status s = status(expId, itemId, false);
        if (s == null) {
            s = new Status();
        }
        boolean percent = task.controlType() == TrafficControlTasks.ControlType.PERCENT;
        synchronized (s) {
            double last = lastMeasurement(s, now);
            if (percent && last > 1.0) {
                return 0; // a share above 1: the figures are wrong, do not act on them
            }
            double aim;
            if (percent || (s.lastTime != null && Duration.between(s.lastTime, now).compareTo(AIM_REFRESH) < 0)) {
                aim = s.controlAimValue;
            } else {
                aim = aimValue(now);
                if (Double.isNaN(aim)) {
                    return 0;
                }
                aim = Math.max(aim, 1);
            }
            double goal = percent ? aim / 100 : aim;
            if (task.guaranteed() && last >= goal) {
                return 0;
            }
            if (target.tolerance() != 0 && inTolerance(last, goal, target.tolerance())) {
                return 0;
            }
            if (settings.freezeMinutes() > 0) {
                LocalTime t = ZonedDateTime.ofInstant(now, clock.getZone()).toLocalTime();
                if (t.getHour() * 60 + t.getMinute() < settings.freezeMinutes()) {
                    return s.lastOutput;
                }
            }
            double error = error(percent, aim, last);
            double kp = ControllerParams.or(params.kp(), settings.kp());
            double ki = ControllerParams.or(params.ki(), settings.ki());
            double kd = ControllerParams.or(params.kd(), settings.kd());
            double out = kp * error + (s.integralActive ? ki * s.integralSum : 0) + kd * s.derivative;
            s.lastOutput = out;
            return out;
        }
    }

    private static double error(boolean percent, double aim, double measurement) {
        return percent ? aim / 100.0 - measurement : 1.0 - measurement / aim;
    }

    /** The last measurement, or 0 when there is none yet today (counts restart with the day). */
    private double lastMeasurement(Status s, Instant now) {
        if (s.lastTime == null) {
            return 0;
        }
        if (!s.lastTime.atZone(clock.getZone()).toLocalDate().equals(now.atZone(clock.getZone()).toLocalDate())
                || Duration.between(s.lastTime, now).toHours() >= 24) {
            return 0;
        }
        return s.lastMeasurement;
    }

    private double variableIntegralFactor(double error) {
        if (settings.errThreshold() == 0) {
            return 1.0;
        }
        double abs = Math.abs(error);
        return abs > settings.errThreshold() ? 0.0 : 1.0 - abs / settings.errThreshold();
    }

    /**
     * Whether {@code actual} lies between the aim and the aim moved by {@code tolerance} percent (above for a
     * positive tolerance, below for a negative one; PAI-Rec's band for a negative one is empty, its bounds
     * being swapped).
     */
    static boolean inTolerance(double actual, double aim, double tolerance) {
        if (tolerance > 0) {
            return actual >= aim && actual <= aim + tolerance / 100 * aim;
        }
        if (tolerance < 0) {
            return actual <= aim && actual >= aim + tolerance / 100 * aim;
        }
        return false;
    }

    /**
     * The aim at {@code now}: a {@code Percent} target's last set value (a percentage); a {@code Daily}
     * target's set values reached at their time points, rising linearly in between (from 0 at midnight);
     * an {@code Hour} target's {@code Value} per hour of the day so far; else the last set value. NaN
     * when the target has no set values.
     */
    public double aimValue(Instant now) {
        List<Long> values = target.setValues();
        List<Integer> points = target.timePoints();
        int n = values.size();
        if (n == 0 || points.size() != n) {
            return Double.NaN;
        }
        if (task.controlType() == TrafficControlTasks.ControlType.PERCENT) {
            return values.get(n - 1);
        }
        LocalTime t = ZonedDateTime.ofInstant(now, clock.getZone()).toLocalTime();
        int elapsed = t.getHour() * 60 + t.getMinute();
        switch (target.period()) {
            case DAILY -> {
                for (int i = 0; i < n; i++) {
                    int point = points.get(i);
                    if (point >= elapsed) {
                        double base = 0;
                        int from = 0;
                        if (i > 0) {
                            from = points.get(i - 1);
                            base = Math.max(1.0, values.get(i - 1));
                        }
                        int span = point - from;
                        double progress = span <= 0 ? 1.0 : (double) (elapsed - from) / span;
                        double next = Math.max(1.0, values.get(i));
                        return base + (next - base) * progress;
                    }
                }
                return values.get(n - 1);
            }
            case HOUR -> {
                return target.value() * elapsed / 60.0;
            }
            default -> {
                return values.get(n - 1);
            }
        }
    }
}
