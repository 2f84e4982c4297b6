package io.recengine.core.builtin.sort.trafficcontrol;

/**
 * A {@code TrafficControlSort}'s {@code PIDConf}, PAI-Rec's {@code PIDControllerConfig}, with PAI-Rec's
 * defaults already applied: a gain left at 0 is {@code Kp} 1000, {@code Ki} 10, {@code Kd} 10; the integral is
 * kept within [{@code IntegralMin} (-100), {@code IntegralMax} (100)]; {@code ErrDiscount} 1 keeps the integral.
 *
 * @param kp                the proportional gain
 * @param ki                the integral gain
 * @param kd                the derivative gain
 * @param integralMin       the integral's lower bound
 * @param integralMax       the integral's upper bound
 * @param integralThreshold above this absolute error the integral stops (0: always integrates)
 * @param errThreshold      variable-speed integral: the integral's weight falls linearly to 0 at this error (0: off)
 * @param errDiscount       the integral is multiplied by it at each measurement
 * @param allocateExperimentWise a {@code Percent} target is reached in each experiment, not overall
 * @param minExpTraffic     below this target traffic an experiment reads the overall figure instead
 * @param freezeMinutes     in the first minutes of the day the last output is kept (the day's counts are small)
 */
public record PidSettings(double kp, double ki, double kd, double integralMin, double integralMax,
                          double integralThreshold, double errThreshold, double errDiscount,
                          boolean allocateExperimentWise, double minExpTraffic, int freezeMinutes) {

    public static final PidSettings DEFAULTS = of(0, 0, 0, 0, 0, 0, 0, 0, false, 0, 0);

    /** The settings as written in {@code PIDConf}, PAI-Rec's defaults put in for what is left at 0. */
    public static PidSettings of(double kp, double ki, double kd, double integralMin, double integralMax,
                                 double integralThreshold, double errThreshold, double errDiscount,
                                 boolean allocateExperimentWise, double minExpTraffic, int freezeMinutes) {
        return new PidSettings(kp == 0 ? 1000 : kp, ki == 0 ? 10 : ki, kd == 0 ? 10 : kd,
                integralMin < 0 ? integralMin : -100, integralMax > 0 ? integralMax : 100, integralThreshold,
                errThreshold, errDiscount > 0 ? errDiscount : 1, allocateExperimentWise, minExpTraffic, freezeMinutes);
    }
}
