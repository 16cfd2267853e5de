package dev.jnn.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.data.DataLoader;
import dev.jnn.optim.LBFGS;
import dev.jnn.optim.Optimizer;
import dev.jnn.optim.SGD;
import dev.jnn.optim.lr.ReduceLROnPlateau;
import java.util.ArrayList;
import java.util.Arrays;
import dev.jnn.testing.VectorBackendScope;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Where a data-parallel trainer meets the other ranks, with a scripted {@link DataParallel}: the
 * gradient wait after every backward pass, one stop flag per step (so that a stop on any rank stops
 * all after the same step), the epoch's totals over all shards, and rank 0's value for the plateau
 * scheduler. With one rank it trains exactly as without.
 */
@ExtendWith(VectorBackendScope.class)
class DataParallelTrainerTest {
    private final DataLoader train = Quadrants.loader(Quadrants.dataset("train", 400, 1), 20, true);

    /** Records the calls; its sums add what the "other ranks" contribute ({@link #others}), by call. */
    static final class Scripted implements DataParallel {
        final int rank;
        final int size;
        final List<String> calls = new ArrayList<>();
        /** What the other ranks add to the n-th sum (missing: nothing). */
        final List<double[]> others = new ArrayList<>();
        int sums;

        Scripted(int rank, int size) {
            this.rank = rank;
            this.size = size;
        }

        @Override
        public int rank() {
            return rank;
        }

        @Override
        public int worldSize() {
            return size;
        }

        @Override
        public void awaitGradients() {
            calls.add("await");
        }

        @Override
        public void sum(double[] values) {
            calls.add("sum " + values.length);
            double[] add = sums < others.size() ? others.get(sums) : null;
            sums++;
            if (add != null) for (int i = 0; i < values.length; i++) values[i] += add[i];
        }
    }

    private static float[] weights(Quadrants.Linear m) {
        return m.w.toFloatArray();
    }

    @Test
    void oneRankTrainsAsWithoutAndMeetsTheOthersAtEachStepAndEpoch() {
        Quadrants.Linear plain = new Quadrants.Linear();
        Trainer.builder().model("q", plain).optimizer(SGD.builder().lr(0.5).build(plain.parameters())).train(train).epochs(2).build().fit();
        Quadrants.Linear dp = new Quadrants.Linear();
        Scripted s = new Scripted(0, 1);
        RunResult r = Trainer.builder().model("q", dp).optimizer(SGD.builder().lr(0.5).build(dp.parameters())).train(train).epochs(2)
                .dataParallel(s).build().fit();
        assertThat(weights(dp)).containsExactly(weights(plain));
        assertThat(r.steps()).isEqualTo(40);
        // Per step: the stop flag, then the gradients; per epoch: loss sum, correct, samples.
        assertThat(s.calls.subList(0, 4)).containsExactly("sum 1", "await", "sum 1", "await");
        assertThat(s.calls.stream().filter(c -> c.equals("await")).count()).isEqualTo(40);
        assertThat(s.calls.stream().filter(c -> c.equals("sum 3")).count()).isEqualTo(2);
        assertThat(s.calls.get(2 * 20)).isEqualTo("sum 3");
    }

    @Test
    void aStopOnAnotherRankStopsThisOneAfterTheSameStep() {
        Quadrants.Linear m = new Quadrants.Linear();
        Scripted s = new Scripted(1, 2);
        // Sums 0..6 are the flags of steps 1..7; before the 8th step another rank asks to stop.
        for (int i = 0; i < 7; i++) s.others.add(new double[] {0});
        s.others.add(new double[] {1});
        RunResult r = Trainer.builder().model("q", m).optimizer(SGD.builder().lr(0.5).build(m.parameters())).train(train).epochs(1)
                .dataParallel(s).build().fit();
        assertThat(r.reason()).isEqualTo(StopReason.INTERRUPTED);
        assertThat(r.steps()).isEqualTo(7);
    }

    @Test
    void epochMetricsCountEveryShardAndThePlateauStepsWithRankZerosValue() {
        Quadrants.Linear m = new Quadrants.Linear();
        Optimizer opt = SGD.builder().lr(0.5).build(m.parameters());
        ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().patience(0).factor(0.5).build(opt);
        Scripted s = new Scripted(1, 2);
        for (int i = 0; i < 20; i++) s.others.add(new double[] {0});
        s.others.add(new double[] {2000, 0, 400});   // rank 0's shard: 400 samples at loss 5, none right
        s.others.add(new double[] {123.5});           // rank 0's plateau value
        TrainerTest.Recorder rec = new TrainerTest.Recorder();
        Trainer.builder().model("q", m).optimizer(opt).plateau(plateau).train(train).epochs(1).dataParallel(s).listeners(rec)
                .build().fit();
        Evaluation t = rec.epochs.get(0).train();
        assertThat(t.samples()).isEqualTo(800);
        assertThat(t.loss()).isGreaterThan(2.5);      // the mean of this shard's (< 1.4) and 5
        assertThat(t.accuracy()).isLessThan(0.5);
        assertThat(plateau.best()).isEqualTo(123.5);
        assertThat(rec.events.getFirst()).as("the global batch of 2 ranks").isEqualTo("start q 20");
    }

    @Test
    void lbfgsWaitsForTheGradientsAfterEveryEvaluationOfItsClosure() {
        Quadrants.Linear m = new Quadrants.Linear();
        Scripted s = new Scripted(0, 1);
        Optimizer opt = LBFGS.builder().lr(1).maxIter(3).build(m.parameters());
        Trainer.builder().model("q", m).optimizer(opt).train(train).maxSteps(2).dataParallel(s).build().fit();
        long awaits = s.calls.stream().filter(c -> c.equals("await")).count();
        assertThat(awaits).as(Arrays.toString(s.calls.toArray())).isGreaterThan(2);
        // Each evaluation: the gradients, then the loss averaged over the ranks.
        int first = s.calls.indexOf("await");
        assertThat(s.calls.subList(first, first + 2)).containsExactly("await", "sum 1");
    }
}
