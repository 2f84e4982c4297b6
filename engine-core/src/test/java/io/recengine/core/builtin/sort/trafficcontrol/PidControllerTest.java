package io.recengine.core.builtin.sort.trafficcontrol;

import io.recengine.testkit.TestClock;
import io.recengine.core.experiment.TrafficControlTasks;
import io.recengine.core.experiment.TrafficControlTasks.ControlType;
import io.recengine.core.experiment.TrafficControlTasks.Period;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.recengine.core.builtin.sort.trafficcontrol.TrafficControlFixtures.MIDNIGHT;
import static io.recengine.core.builtin.sort.trafficcontrol.TrafficControlFixtures.target;
import static io.recengine.core.builtin.sort.trafficcontrol.TrafficControlFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Step responses of the PID controller against PAI-Rec's {@code sort/pid_controller.go} (PAI-Rec has no Go
 * test for it or for {@code TrafficControlSort}): the expected values are worked out from its formulas.
 * Time comes from a {@link TestClock}; nothing reads the wall clock.
 */
class PidControllerTest {

    private final TestClock clock = new TestClock(
            MIDNIGHT.plus(Duration.ofHours(12)));

    /** kp 1, ki 0.1, kd 2 make each term visible. */
    private static final PidSettings GAINS = PidSettings.of(1, 0.1, 2, 0, 0, 0, 0, 0, false, 0, 0);

    private PidController quantity(boolean guaranteed, PidSettings settings, long tolerance) {
        TrafficControlTasks.Target t = target("t1", "k1", 1000, tolerance, Period.NONE, List.of(1440), List.of(1000L), null);
        return new PidController(task("k1", ControlType.QUANTITY, false, guaranteed, List.of(t)), t, settings, clock,
                new PidController.State());
    }

    private Instant at(int seconds) {
        return MIDNIGHT.plus(Duration.ofHours(12)).plusSeconds(seconds);
    }

    @Test
    void outputRisesWhenTrafficIsUnderTheAimAndMoreSoTheFurtherBelow() {
        PidController far = quantity(true, GAINS, 0);
        far.setMeasurement("", "", 100, at(0), ControllerParams.NONE);
        PidController near = quantity(true, GAINS, 0);
        near.setMeasurement("", "", 800, at(0), ControllerParams.NONE);
        // first measurement: only the proportional term, error = 1 - traffic / aim
        assertThat(far.compute("", "", ControllerParams.NONE)).isCloseTo(0.9, within(1e-9));
        assertThat(near.compute("", "", ControllerParams.NONE)).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void aboveTheAimAGuaranteedTargetStopsAndAnApproachTargetPushesDown() {
        PidController guaranteed = quantity(true, GAINS, 0);
        guaranteed.setMeasurement("", "", 1500, at(0), ControllerParams.NONE);
        assertThat(guaranteed.compute("", "", ControllerParams.NONE)).isZero();

        PidController approach = quantity(false, GAINS, 0);
        approach.setMeasurement("", "", 1500, at(0), ControllerParams.NONE);
        assertThat(approach.compute("", "", ControllerParams.NONE)).isCloseTo(-0.5, within(1e-9));
    }

    @Test
    void integralAccumulatesErrorTimesSecondsAndDerivativeIsTheErrorChangePerSecond() {
        PidController c = quantity(true, GAINS, 0);
        c.setMeasurement("", "", 500, at(0), ControllerParams.NONE);   // error 0.5
        clock.set(at(60));
        c.setMeasurement("", "", 600, at(60), ControllerParams.NONE);  // error 0.4 over 60 s
        PidController.Status s = c.status("", "", false);
        assertThat(s.integralSum()).isCloseTo(0.4 * 60, within(1e-9));
        assertThat(s.derivative()).isCloseTo((0.4 - 0.5) / 60, within(1e-12));
        double expected = 1 * 0.4 + 0.1 * 24 + 2 * (-0.1 / 60);
        assertThat(c.compute("", "", ControllerParams.NONE)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void aConstantShortfallMakesTheOutputGrowUntilTheIntegralLimit() {
        PidController c = quantity(true, GAINS, 0);
        double previous = Double.NEGATIVE_INFINITY;
        for (int step = 0; step <= 10; step++) {
            clock.set(at(step * 60));
            c.setMeasurement("", "", 500, at(step * 60), ControllerParams.NONE);
            double out = c.compute("", "", ControllerParams.NONE);
            assertThat(out).isGreaterThanOrEqualTo(previous);
            previous = out;
        }
        // 0.5 * 60 s a step reaches IntegralMax (100) at the 4th step and stays there
        assertThat(c.status("", "", false).integralSum()).isEqualTo(100.0);
        assertThat(previous).isCloseTo(0.5 + 0.1 * 100, within(1e-9));
    }

    @Test
    void aMeasurementNotNewerThanTheLastIsIgnored() {
        PidController c = quantity(true, GAINS, 0);
        c.setMeasurement("", "", 500, at(60), ControllerParams.NONE);
        c.setMeasurement("", "", 900, at(60), ControllerParams.NONE);
        c.setMeasurement("", "", 900, at(0), ControllerParams.NONE);
        clock.set(at(60));
        assertThat(c.compute("", "", ControllerParams.NONE)).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void integralSeparationStopsTheIntegralWhileTheErrorIsLarge() {
        PidController c = quantity(true, PidSettings.of(1, 0.1, 2, 0, 0, 0.3, 0, 0, false, 0, 0), 0);
        c.setMeasurement("", "", 100, at(0), ControllerParams.NONE);
        clock.set(at(60));
        c.setMeasurement("", "", 100, at(60), ControllerParams.NONE); // error 0.9 > 0.3
        assertThat(c.status("", "", false).integralActive()).isFalse();
        assertThat(c.compute("", "", ControllerParams.NONE)).isCloseTo(0.9, within(1e-9));
        // an experiment's pid_integral_threshold overrides PIDConf's
        clock.set(at(120));
        c.setMeasurement("", "", 100, at(120), new ControllerParams(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1.0));
        assertThat(c.status("", "", false).integralActive()).isTrue();
        assertThat(c.status("", "", false).integralSum()).isCloseTo(0.9 * 60, within(1e-9));
    }

    @Test
    void experimentGainsOverrideTheConfiguredOnes() {
        PidController c = quantity(true, GAINS, 0);
        c.setMeasurement("", "", 500, at(0), ControllerParams.NONE);
        assertThat(c.compute("", "", new ControllerParams(10, Double.NaN, Double.NaN, Double.NaN, Double.NaN)))
                .isCloseTo(5.0, within(1e-9));
    }

    @Test
    void withinTheToleranceBandTheControllerIsOff() {
        PidController c = quantity(false, GAINS, 10); // aim 1000, band [1000, 1100]
        c.setMeasurement("", "", 1050, at(0), ControllerParams.NONE);
        assertThat(c.compute("", "", ControllerParams.NONE)).isZero();
        assertThat(PidController.inTolerance(950, 1000, -10)).isTrue();
        assertThat(PidController.inTolerance(850, 1000, -10)).isFalse();
    }

    @Test
    void aPercentTargetComparesTheShareWithItsPercentage() {
        TrafficControlTasks.Target t = target("t1", "k1", 30, 0, Period.NONE, List.of(1440), List.of(30L), null);
        PidController c = new PidController(task("k1", ControlType.PERCENT, false, true, List.of(t)), t, GAINS, clock,
                new PidController.State());
        c.setMeasurement("", "", 0.1, at(0), ControllerParams.NONE);
        assertThat(c.compute("", "", ControllerParams.NONE)).isCloseTo(0.2, within(1e-9));
        c.setMeasurement("exp", "", 0.35, at(0), ControllerParams.NONE); // per experiment: its own status
        assertThat(c.compute("exp", "", ControllerParams.NONE)).isZero();
        assertThat(c.compute("", "", ControllerParams.NONE)).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void theDailyAimRisesLinearlyBetweenTimePointsAndAnHourlyAimWithTheHoursOfTheDay() {
        TrafficControlTasks.Target daily = target("t1", "k1", 0, 0, Period.DAILY, List.of(720, 1440),
                List.of(600L, 1200L), null);
        PidController d = new PidController(task("k1", ControlType.QUANTITY, false, true, List.of(daily)), daily,
                GAINS, clock, new PidController.State());
        assertThat(d.aimValue(MIDNIGHT.plus(Duration.ofHours(6)))).isCloseTo(300, within(1e-9));
        assertThat(d.aimValue(MIDNIGHT.plus(Duration.ofHours(18)))).isCloseTo(900, within(1e-9));

        TrafficControlTasks.Target hourly = target("t2", "k1", 10, 0, Period.HOUR, List.of(1440), List.of(240L), null);
        PidController h = new PidController(task("k1", ControlType.QUANTITY, false, true, List.of(hourly)), hourly,
                GAINS, clock, new PidController.State());
        assertThat(h.aimValue(MIDNIGHT.plus(Duration.ofMinutes(630)))).isCloseTo(105, within(1e-9));
    }

    @Test
    void theFreezeMinutesKeepTheLastOutputAndANewDayForgetsYesterdaysTraffic() {
        PidController c = quantity(false, PidSettings.of(1, 0.1, 2, 0, 0, 0, 0, 0, false, 0, 30), 0);
        clock.set(MIDNIGHT.minus(Duration.ofMinutes(1)));
        c.setMeasurement("", "", 1200, MIDNIGHT.minus(Duration.ofMinutes(1)), ControllerParams.NONE);
        double lastOutput = c.compute("", "", ControllerParams.NONE);
        assertThat(lastOutput).isCloseTo(-0.2, within(1e-9));
        clock.set(MIDNIGHT.plus(Duration.ofMinutes(10)));
        assertThat(c.compute("", "", ControllerParams.NONE)).isEqualTo(lastOutput);
        // after the freeze, yesterday's 1200 reads as 0 today: full push up
        clock.set(MIDNIGHT.plus(Duration.ofMinutes(40)));
        assertThat(c.compute("", "", ControllerParams.NONE)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void anItemNeverMeasuredReadsAsNoTrafficAndLeavesNoState() {
        TrafficControlTasks.Target t = target("t1", "k1", 1000, null);
        PidController c = new PidController(task("k1", ControlType.QUANTITY, true, true, List.of(t)), t, GAINS, clock,
                new PidController.State());
        assertThat(c.compute("", "item9", ControllerParams.NONE)).isCloseTo(1.0, within(1e-9));
        assertThat(c.status("", "item9", false)).isNull();
        c.setMeasurement("", "item9", 2000, at(0), ControllerParams.NONE);
        assertThat(c.compute("", "item9", ControllerParams.NONE)).isZero();
    }
}
