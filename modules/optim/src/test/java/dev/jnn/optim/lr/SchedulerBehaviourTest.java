package dev.jnn.optim.lr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jnn.core.Backends;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.optim.Adam;
import dev.jnn.optim.Optimizer;
import dev.jnn.optim.Rprop;
import dev.jnn.optim.SGD;
import dev.jnn.optim.StateDict;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seeds' schedule, checkpoint round trips, OneCycleLR with Adam's beta1, and errors. */
class SchedulerBehaviourTest {
    private static Backend backend;

    @BeforeAll
    static void open() {
        backend = Backends.load().create("vector", new BackendConfig(1, false));
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    private static SGD sgd(double lr) {
        return SGD.builder().lr(lr).momentum(0.9).build(List.of(Tensor.zeros(backend, Shape.of(1)).requiresGrad(true)));
    }

    @Test
    void seed004DividesTheRateByTenEveryFiveEpochs() {
        SGD opt = sgd(0.1);
        StepLR sched = new StepLR(opt, 5, 0.1);
        List<Double> lrs = new ArrayList<>();
        for (int epoch = 0; epoch < 15; epoch++) {
            lrs.add(opt.lr());
            opt.step();
            sched.step();
        }
        for (int epoch = 0; epoch < 15; epoch++) {
            double expected = 0.1 * Math.pow(0.1, epoch / 5);
            assertThat(lrs.get(epoch)).as("epoch %d", epoch).isCloseTo(expected, within(1e-15));
        }
        assertThat(sched.lastLr()).containsExactly(opt.lr());
    }

    /** Steps {@code make}'s scheduler 7 times, checkpoints, and checks a restored copy continues identically. */
    private static void resumesIdentically(Function<Optimizer, LRScheduler> make) {
        SGD optA = sgd(0.1);
        LRScheduler a = make.apply(optA);
        for (int i = 0; i < 7; i++) a.step();
        StateDict optState = optA.stateDict();
        StateDict schedState = a.stateDict();

        SGD optB = sgd(0.1);
        LRScheduler b = make.apply(optB);
        optB.loadStateDict(optState);
        b.loadStateDict(schedState);
        assertThat(b.lastEpoch()).isEqualTo(7);
        for (int i = 0; i < 10; i++) {
            a.step();
            b.step();
            assertThat(optB.lr()).as("lr after resumed step %d", i).isEqualTo(optA.lr());
            assertThat(b.lastLr()).isEqualTo(a.lastLr());
            assertThat(optB.paramGroups().getFirst().number("momentum"))
                    .isEqualTo(optA.paramGroups().getFirst().number("momentum"));
        }
    }

    @Test
    void schedulersResumeFromTheirStateDicts() {
        resumesIdentically(o -> new StepLR(o, 3, 0.5));
        resumesIdentically(o -> new MultiStepLR(o, new int[] {2, 9, 12}, 0.3));
        resumesIdentically(o -> new ExponentialLR(o, 0.9));
        resumesIdentically(o -> new CosineAnnealingLR(o, 6, 0.01));
        resumesIdentically(o -> OneCycleLR.builder(0.5).totalSteps(20).build(o));
    }

    @Test
    void plateauResumesFromItsStateDict() {
        double[] metrics = {1, 0.9, 0.95, 0.96, 0.97, 0.98, 0.97, 0.99, 1.0, 0.99, 0.98, 0.97};
        SGD optA = sgd(0.1);
        ReduceLROnPlateau a = new ReduceLROnPlateau(optA, ReduceLROnPlateau.Mode.MIN, 0.5, 1, 1e-4,
                ReduceLROnPlateau.ThresholdMode.REL, 1, 0, 1e-8);
        for (int i = 0; i < 4; i++) a.step(metrics[i]);
        SGD optB = sgd(0.1);
        ReduceLROnPlateau b = ReduceLROnPlateau.builder().factor(0.5).patience(1).cooldown(1).build(optB);
        optB.loadStateDict(optA.stateDict());
        b.loadStateDict(a.stateDict());
        for (int i = 4; i < metrics.length; i++) {
            a.step(metrics[i]);
            b.step(metrics[i]);
            assertThat(optB.lr()).isEqualTo(optA.lr());
        }
        assertThat(b.best()).isEqualTo(0.9);
        assertThat(optA.lr()).isLessThan(0.1 / 4);
    }

    @Test
    void plateauNamesABadFactor() {
        assertThatThrownBy(() -> ReduceLROnPlateau.builder().factor(1.5).build(sgd(0.1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ReduceLROnPlateau: factor must be < 1, got 1.5");
    }

    @Test
    void oneCycleCyclesAdamsBeta1() {
        Adam opt = Adam.builder().build(List.of(Tensor.zeros(backend, Shape.of(1)).requiresGrad(true)));
        OneCycleLR sched = OneCycleLR.builder(0.01).totalSteps(10).build(opt);
        assertThat(opt.paramGroups().getFirst().number("beta1")).isEqualTo(0.95);
        assertThat(opt.lr()).isCloseTo(0.01 / 25, within(1e-15));
        for (int i = 0; i < 2; i++) sched.step();     // the peak: step pct_start * 10 - 1 = 2
        assertThat(opt.lr()).isCloseTo(0.01, within(1e-15));
        assertThat(opt.paramGroups().getFirst().number("beta1")).isCloseTo(0.85, within(1e-15));
        assertThat(opt.paramGroups().getFirst().number("beta2")).isEqualTo(0.999);
    }

    @Test
    void oneCycleRefusesToRunPastItsLastStepAndNeedsMomentum() {
        SGD opt = sgd(0.1);
        OneCycleLR sched = OneCycleLR.builder(0.1).totalSteps(3).build(opt);
        for (int i = 0; i < 3; i++) sched.step();
        assertThatThrownBy(sched::step).isInstanceOf(IllegalStateException.class)
                .hasMessage("OneCycleLR: stepped 5 times, but total_steps is 3; build it with more steps");

        Rprop rprop = Rprop.builder().build(List.of(Tensor.zeros(backend, Shape.of(1)).requiresGrad(true)));
        assertThatThrownBy(() -> OneCycleLR.builder(0.1).totalSteps(3).build(rprop))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OneCycleLR: cycle_momentum needs an optimizer with momentum or betas, Rprop has neither; "
                        + "call cycleMomentum(false)");
        assertThatThrownBy(() -> OneCycleLR.builder(0.1).build(opt)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OneCycleLR: set totalSteps(n) or epochs(epochs, stepsPerEpoch)");
    }

    @Test
    void cosineClimbsBackAfterTMax() {
        SGD opt = sgd(1.0);
        CosineAnnealingLR sched = new CosineAnnealingLR(opt, 4);
        List<Double> lrs = new ArrayList<>();
        for (int e = 0; e <= 8; e++) {
            lrs.add(opt.lr());
            sched.step();
        }
        assertThat(lrs.get(4)).isCloseTo(0.0, within(1e-12));
        assertThat(lrs.get(2)).isCloseTo(0.5, within(1e-12));
        assertThat(lrs.get(6)).isCloseTo(0.5, within(1e-12));
        assertThat(lrs.get(8)).isCloseTo(1.0, within(1e-12));
    }
}
