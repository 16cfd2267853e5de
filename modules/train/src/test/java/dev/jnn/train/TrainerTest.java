package dev.jnn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnn.core.BackendScope;
import dev.jnn.core.Tensor;
import dev.jnn.data.DataLoader;
import dev.jnn.optim.Optimizer;
import dev.jnn.optim.SGD;
import dev.jnn.optim.lr.StepLR;
import dev.jnn.testing.VectorBackendScope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VectorBackendScope.class)
class TrainerTest {
    private final DataLoader train = Quadrants.loader(Quadrants.dataset("train", 400, 1), 20, true);
    private final DataLoader test = Quadrants.loader(Quadrants.dataset("test", 200, 2), 50, false);

    /** Records every callback as a line. */
    static final class Recorder implements TrainingListener {
        final List<String> events = new ArrayList<>();
        final List<EpochMetrics> epochs = new ArrayList<>();
        RunResult result;

        @Override
        public void onStart(RunInfo run) {
            events.add("start " + run.model() + " " + run.batchesPerEpoch());
        }

        @Override
        public void onStep(StepEvent s) {
            events.add("step " + s.step());
        }

        @Override
        public void onEpoch(RunInfo run, EpochMetrics m) {
            events.add("epoch " + m.epoch());
            epochs.add(m);
        }

        @Override
        public void onEnd(RunInfo run, RunResult r) {
            events.add("end " + r.reason());
            result = r;
        }
    }

    private Trainer.Builder base(Quadrants.Linear model, Optimizer opt, Recorder rec) {
        return Trainer.builder().model("quad", model).optimizer(opt).train(train).test(test).listeners(rec);
    }

    @Test
    void learnsTheQuadrantTaskAndReportsEveryEpoch() {
        Quadrants.Linear model = new Quadrants.Linear();
        Optimizer opt = SGD.builder().lr(0.5).build(model.parameters());
        Recorder rec = new Recorder();
        RunResult r = base(model, opt, rec).epochs(3).build().fit();

        assertThat(r.reason()).isEqualTo(StopReason.COMPLETED);
        assertThat(r.steps()).isEqualTo(60);
        assertThat(r.epochs()).hasSize(3);
        assertThat(r.test().accuracy()).isGreaterThan(0.95);
        assertThat(r.test().samples()).isEqualTo(200);
        assertThat(r.epochs().get(2).train().loss()).isLessThan(r.epochs().get(0).train().loss());
        assertThat(r.epochs().get(0).validation().present()).isFalse();
        assertThat(r.samplesPerSecond()).isPositive();
        assertThat(rec.events.getFirst()).isEqualTo("start quad 20");
        assertThat(rec.events).containsSubsequence("step 20", "epoch 0", "step 21", "step 60", "epoch 2", "end COMPLETED");
        assertThat(rec.events.getLast()).isEqualTo("end COMPLETED");
        // Evaluation leaves the model in eval mode; training set it back each epoch.
        assertThat(model.training).isFalse();
    }

    @Test
    void evaluateMatchesAHandCount() {
        Quadrants.Linear model = new Quadrants.Linear();
        // All-zero weights: every logit is 0, so the loss is ln 4 and arg-max picks class 0.
        Evaluation e = Trainer.evaluate(model, Loss.crossEntropy(), test);
        long zeros = java.util.Arrays.stream(test.dataset().labels()).filter(l -> l == 0).count();
        assertThat(e.loss()).isCloseTo(Math.log(4), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(e.accuracy()).isEqualTo(zeros / 200.0);
    }

    @Test
    void maxStepsStopsMidEpochAndStillEvaluates() {
        Quadrants.Linear model = new Quadrants.Linear();
        Recorder rec = new Recorder();
        RunResult r = base(model, SGD.builder().lr(0.5).build(model.parameters()), rec).epochs(5).maxSteps(27).build().fit();

        assertThat(r.reason()).isEqualTo(StopReason.MAX_STEPS);
        assertThat(r.steps()).isEqualTo(27);
        assertThat(r.epochs()).hasSize(2);
        assertThat(r.epochs().get(1).steps()).isEqualTo(7);
        assertThat(r.epochs().get(1).train().samples()).isEqualTo(140);
        assertThat(r.test().present()).isTrue();
    }

    @Test
    void schedulerStepsOncePerEpoch() {
        Quadrants.Linear model = new Quadrants.Linear();
        Optimizer opt = SGD.builder().lr(0.4).build(model.parameters());
        Recorder rec = new Recorder();
        base(model, opt, rec).scheduler(new StepLR(opt, 1, 0.5), false).epochs(3).build().fit();
        assertThat(rec.epochs).extracting(EpochMetrics::lr).containsExactly(0.4, 0.2, 0.1);
    }

    /** Two epochs of a model whose fifth forward pass returns NaN logits, read back every {@code readbackEvery} steps. */
    private Trainer nanAtStep5(Recorder rec, int readbackEvery) {
        Quadrants.Linear inner = new Quadrants.Linear();
        return Trainer.builder().model("quad", nanFromForwardCall(5, inner))
                .optimizer(SGD.builder().lr(0.5).build(inner.parameters())).train(train).listeners(rec).epochs(2)
                .readbackEvery(readbackEvery).build();
    }

    /** {@code inner}, whose {@code call}-th forward pass returns NaN logits. */
    private static Trainable nanFromForwardCall(int call, Quadrants.Linear inner) {
        int[] calls = {0};
        return new Trainable() {
            @Override
            public Tensor forward(Tensor x) {
                Tensor out = inner.forward(x);
                return ++calls[0] == call ? out.mul(Float.NaN) : out;
            }

            @Override
            public List<Tensor> parameters() {
                return inner.parameters();
            }

            @Override
            public void train(boolean on) {
            }
        };
    }

    /** Every step event in full, and every epoch's metrics without its timings. */
    static final class FullRecorder implements TrainingListener {
        final List<String> lines = new ArrayList<>();

        @Override
        public void onStep(StepEvent s) {
            lines.add(String.format(java.util.Locale.ROOT, "step %d epoch %d batch %d/%d n %d loss %.9g running %.9g lr %s",
                    s.step(), s.epoch(), s.batch(), s.batchesInEpoch(), s.samples(), s.loss(), s.runningLoss(), s.lr()));
        }

        @Override
        public void onEpoch(RunInfo run, EpochMetrics m) {
            lines.add("epoch " + m.epoch() + " steps " + m.steps() + " train " + m.train() + " test " + m.test());
        }

        @Override
        public void onEnd(RunInfo run, RunResult r) {
            lines.add("end " + r.reason() + " " + r.steps());
        }
    }

    private List<String> runWithReadbackEvery(int interval, long maxSteps) {
        Quadrants.Linear model = new Quadrants.Linear();
        Optimizer opt = SGD.builder().lr(0.3).momentum(0.5).build(model.parameters());
        FullRecorder rec = new FullRecorder();
        Trainer.builder().model("quad", model).optimizer(opt).train(train).test(test).listeners(rec)
                .scheduler(new StepLR(opt, 1, 0.5), false).epochs(3).maxSteps(maxSteps).readbackEvery(interval).build().fit();
        return rec.lines;
    }

    @Test
    void readingLossesBackEveryFewStepsChangesNothingListenersOrResultsSee() {
        // 20 batches an epoch: 7 does not divide it, so epoch ends and the step limit settle part-full windows.
        List<String> eachStep = runWithReadbackEvery(1, 0);
        assertThat(eachStep).hasSize(60 + 3 + 1);
        assertThat(runWithReadbackEvery(7, 0)).containsExactlyElementsOf(eachStep);
        assertThat(runWithReadbackEvery(100, 0)).containsExactlyElementsOf(eachStep);
        assertThat(runWithReadbackEvery(7, 45)).containsExactlyElementsOf(runWithReadbackEvery(1, 45));
    }

    @Test
    void aNanLossFoundInALaterReadbackStillNamesItsStep() {
        Recorder rec = new Recorder();
        Trainer t = nanAtStep5(rec, 3);
        assertThatThrownBy(t::fit).isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("NaN at step 5 (epoch 1, batch 5)")
                .hasMessageMatching(".*the last finite loss was [0-9.]+ at step 4.*");
        // Steps 4 and 5 were queued together: the listeners heard 1-4, and the run ends at step 4.
        assertThat(rec.events).contains("step 4").doesNotContain("step 5");
        assertThat(rec.result.reason()).isEqualTo(StopReason.DIVERGED);
        assertThat(rec.result.steps()).isEqualTo(4);
        assertThat(rec.result.epochs().getFirst().steps()).isEqualTo(4);
    }

    @Test
    void aNanLossStopsTheRunNamingTheStepAndTheLastGoodLoss() {
        Recorder rec = new Recorder();
        Trainer t = nanAtStep5(rec, 1);
        assertThatThrownBy(t::fit).isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("NaN at step 5 (epoch 1, batch 5)")
                .hasMessageMatching(".*the last finite loss was [0-9.]+ at step 4.*")
                .hasMessageNotContaining("\n");
        assertThat(rec.result.reason()).isEqualTo(StopReason.DIVERGED);
        assertThat(rec.result.steps()).isEqualTo(4);
        assertThat(rec.result.epochs().getFirst().steps()).isEqualTo(4);
    }

    @Test
    void requestStopEndsAfterTheCurrentStepAndReportsWhatWasDone() {
        Quadrants.Linear model = new Quadrants.Linear();
        Recorder rec = new Recorder();
        Trainer[] holder = new Trainer[1];
        TrainingListener stopper = new TrainingListener() {
            @Override
            public void onStep(StepEvent s) {
                if (s.step() == 6) holder[0].requestStop();
            }
        };
        holder[0] = base(model, SGD.builder().lr(0.5).build(model.parameters()), rec).listeners(stopper).epochs(3).build();
        RunResult r = holder[0].fit();
        assertThat(r.reason()).isEqualTo(StopReason.INTERRUPTED);
        assertThat(r.steps()).isEqualTo(6);
        assertThat(r.epochs()).hasSize(1);
        assertThat(rec.events.getLast()).isEqualTo("end INTERRUPTED");
    }

    @Test
    void stepsFreeTheirTemporaries() {
        Quadrants.Linear model = new Quadrants.Linear();
        Optimizer opt = SGD.builder().lr(0.5).momentum(0.9).build(model.parameters());
        base(model, opt, new Recorder()).epochs(1).build().fit();
        long after1 = BackendScope.current().liveBytes();
        base(model, opt, new Recorder()).epochs(4).build().fit();
        long after5 = BackendScope.current().liveBytes();
        // Parameters, gradients and momentum buffers persist; nothing a step allocated may pile up.
        assertThat(after5 - after1).isLessThan(4 * 16 * 16);
    }
}
