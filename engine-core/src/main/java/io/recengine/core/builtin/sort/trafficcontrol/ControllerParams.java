package io.recengine.core.builtin.sort.trafficcontrol;

/**
 * A controller's settings an experiment overrides ({@code pid_err_discount}, {@code pid_integral_threshold},
 * and per task or target {@code kp}, {@code ki}, {@code kd}); NaN: not overridden.
 */
public record ControllerParams(double kp, double ki, double kd, double errDiscount, double integralThreshold) {

    public static final ControllerParams NONE = new ControllerParams(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN);

    static double or(double override, double fallback) {
        return Double.isNaN(override) ? fallback : override;
    }
}
