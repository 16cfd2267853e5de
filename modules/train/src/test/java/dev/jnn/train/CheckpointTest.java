package dev.jnn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnn.core.Generator;
import dev.jnn.core.Tensor;
import dev.jnn.data.DataLoader;
import dev.jnn.nn.BatchNorm1d;
import dev.jnn.nn.Dropout;
import dev.jnn.nn.Flatten;
import dev.jnn.nn.Linear;
import dev.jnn.nn.Layer;
import dev.jnn.nn.ReLU;
import dev.jnn.nn.Sequential;
import dev.jnn.optim.Optimizer;
import dev.jnn.optim.SGD;
import dev.jnn.optim.lr.StepLR;
import dev.jnn.testing.VectorBackendScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped at any checkpoint and continued from it ends with exactly the weights, buffers and
 * metrics of a run that never stopped: the model has batch norm (buffers) and dropout (its own
 * generator), SGD has momentum buffers, StepLR changes the rate between epochs, and the loader shuffles.
 */
@ExtendWith(VectorBackendScope.class)
class CheckpointTest {
    static final int EPOCHS = 3;   // 20 batches each

    @TempDir
    Path dir;

    /** Everything a run is built from, fresh and seeded identically each time. */
    static final class Run {
        final Layer net;
        final Trainable model;
        final Optimizer opt;
        final StepLR sched;
        final DataLoader train = Quadrants.loader(Quadrants.dataset("train", 400, 1), 20, true);
        final DataLoader test = Quadrants.loader(Quadrants.dataset("test", 200, 2), 50, false);

        Run() {
            Generator.seedGlobal(3);
            net = new Sequential(new Flatten(), new Linear(16, 12), new BatchNorm1d(12), new ReLU(), new Dropout(0.2f),
                    new Linear(12, 4));
            model = Trainable.of(net);
            opt = SGD.builder().lr(0.1).momentum(0.5).build(model.parameters());
            sched = new StepLR(opt, 1, 0.5);
        }

        Trainer.Builder trainer(Path checkpoint, TrainingListener... listeners) {
            return Trainer.builder().model("bn", model).optimizer(opt).scheduler(sched, false).train(train).test(test)
                    .epochs(EPOCHS).checkpoints(checkpoint, 7, Map.of("note", "test run")).listeners(listeners);
        }

        Map<String, float[]> weights() {
            Map<String, float[]> out = new LinkedHashMap<>();
            net.stateDict().forEach((k, t) -> out.put(k, t.toFloatArray()));
            return out;
        }
    }

    /** Stops the run after a given step, as Ctrl-C would. */
    static final class StopAt implements TrainingListener {
        final long at;
        Trainer trainer;

        StopAt(long at) {
            this.at = at;
        }

        @Override
        public void onStep(StepEvent s) {
            if (s.step() == at) trainer.requestStop();
        }
    }

    @Test
    void aRunStoppedMidEpochAndResumedEndsBitIdentical() {
        Run whole = new Run();
        RunResult expected = whole.trainer(dir.resolve("whole.ckpt")).build().fit();

        for (long stopAt : new long[] {5, 20, 31}) {
            Path file = dir.resolve("stopped-" + stopAt + ".ckpt");
            Run first = new Run();
            StopAt stop = new StopAt(stopAt);
            Trainer t = first.trainer(file, stop).build();
            stop.trainer = t;
            assertThat(t.fit().reason()).isEqualTo(StopReason.INTERRUPTED);

            Checkpoint c = Checkpoint.read(file);
            assertThat(c.step()).isEqualTo(stopAt);
            assertThat(c.metadata()).containsEntry("note", "test run");
            Run second = new Run();
            RunResult resumed = second.trainer(file).resume(c).build().fit();

            assertThat(resumed.steps()).isEqualTo(expected.steps());
            assertThat(second.weights()).as("weights after resuming at step %d", stopAt)
                    .containsExactlyEntriesOf(whole.weights());
            assertThat(resumed.epochs()).extracting(m -> m.train().loss(), m -> m.test().accuracy(), EpochMetrics::lr)
                    .containsExactlyElementsOf(expected.epochs().stream()
                            .map(m -> org.assertj.core.groups.Tuple.tuple(m.train().loss(), m.test().accuracy(), m.lr())).toList());
        }
    }

    @Test
    void aPeriodicCheckpointLeftByAKilledRunResumesBitIdentical() throws Exception {
        Run whole = new Run();
        Path file = dir.resolve("run.ckpt");
        Path kept = dir.resolve("kept-at-28.ckpt");
        // Keep the checkpoint of step 28 (every 7 steps; epoch 2, batch 8), as a killed process would leave it.
        TrainingListener keep = new TrainingListener() {
            @Override
            public void onStep(StepEvent s) {
                try {
                    if (s.step() == 29) Files.copy(file, kept);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        whole.trainer(file, keep).build().fit();

        Checkpoint c = Checkpoint.read(kept);
        assertThat(c.step()).isEqualTo(28);
        assertThat(c.epoch()).isEqualTo(1);
        assertThat(c.nextBatch()).isEqualTo(8);
        assertThat(c.history()).hasSize(1);
        Run resumed = new Run();
        resumed.trainer(dir.resolve("resumed.ckpt")).resume(c).build().fit();
        assertThat(resumed.weights()).containsExactlyEntriesOf(whole.weights());
        // The end-of-run checkpoint says the run is complete.
        Checkpoint last = Checkpoint.read(file);
        assertThat(last.step()).isEqualTo(60);
        assertThat(last.epoch()).isEqualTo(EPOCHS);
        assertThat(last.nextBatch()).isZero();
        assertThat(last.history()).hasSize(EPOCHS);
    }

    @Test
    void aCheckpointForAnotherModelIsRefusedWithTheNamesThatDiffer() {
        Run run = new Run();
        run.trainer(dir.resolve("a.ckpt")).build().fit();
        Checkpoint c = Checkpoint.read(dir.resolve("a.ckpt"));
        Quadrants.Linear other = new Quadrants.Linear();
        Optimizer opt = SGD.builder().lr(0.1).build(other.parameters());
        assertThatThrownBy(() -> Trainer.builder().model("q", other).optimizer(opt).train(run.train).resume(c).build().fit())
                .isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("the checkpoint does not fit the model: missing param.0 [4, 16]; missing param.1 [4]; "
                        + "unexpected 1.weight [12, 16]");
    }

    @Test
    void aMissingOrDamagedCheckpointIsOneClearLine() throws Exception {
        assertThatThrownBy(() -> Checkpoint.read(dir.resolve("none.ckpt"))).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("no checkpoint " + dir.resolve("none.ckpt"));
        Path bad = dir.resolve("bad.ckpt");
        Files.write(bad, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> Checkpoint.read(bad)).isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("cannot read checkpoint " + bad + ": ");
        Path model = dir.resolve("model.safetensors");
        dev.jnn.nn.safetensors.SafeTensorsFile.write(model, Map.of("w", dev.jnn.nn.safetensors.RawTensor.ofFloats(new long[] {1}, 1f)),
                Map.of());
        assertThatThrownBy(() -> Checkpoint.read(model)).isInstanceOf(CheckpointException.class)
                .hasMessage("checkpoint " + model + " is not a jnn-checkpoint-1 file (format: null)");
    }

    @Test
    void gradientClippingScalesToTheMaximumNorm() {
        Quadrants.Linear model = new Quadrants.Linear();
        Tensor x = Tensor.of(new float[16 * 2], 2, 1, 4, 4).add(1f);
        model.forward(x).sum().mul(100f).backward();
        assertThat(Gradients.checkAndClip(model, 0.5)).isNull();
        double norm = 0;
        for (Tensor p : List.of(model.w, model.b)) {
            for (float g : p.grad().toFloatArray()) norm += (double) g * g;
        }
        assertThat(Math.sqrt(norm)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void clippingMatchesPyTorch() {
        // tools/reference/clip_grad_norm.py: torch.nn.utils.clip_grad_norm_(max_norm=1.5), PyTorch 1.13.
        Quadrants.Linear model = new Quadrants.Linear();
        Tensor w = Tensor.of(new float[] {0.5f, -1.25f, 2.0f, 3.0f, -0.75f, 0.125f}, 6);
        Tensor b = Tensor.of(new float[] {1.5f, -2.5f, 0.25f}, 3);
        Trainable two = new Trainable() {
            @Override
            public Tensor forward(Tensor x) {
                return model.forward(x);
            }

            @Override
            public List<Tensor> parameters() {
                return List.of(w, b);
            }

            @Override
            public void train(boolean training) {
            }
        };
        w.setGrad(w.copy());
        b.setGrad(b.copy());
        assertThat(Gradients.checkAndClip(two, 1.5)).isNull();
        float[] expectedW = {1.532427967e-01f, -3.831070065e-01f, 6.129711866e-01f, 9.194567800e-01f, -2.298641950e-01f,
                3.831069916e-02f};
        float[] expectedB = {4.597283900e-01f, -7.662140131e-01f, 7.662139833e-02f};
        assertThat(w.grad().toFloatArray()).containsExactly(expectedW, org.assertj.core.data.Offset.offset(1e-7f));
        assertThat(b.grad().toFloatArray()).containsExactly(expectedB, org.assertj.core.data.Offset.offset(1e-7f));
    }

    @Test
    void aNonFiniteGradientStopsTheRunNamingTheStepAndParameter() {
        Quadrants.Linear linear = new Quadrants.Linear();
        Trainable model = new Trainable() {
            @Override
            public Tensor forward(Tensor x) {
                // sqrt at 0 has an infinite derivative: finite loss, infinite gradient of b.
                return linear.forward(x).add(linear.b.sqrt().sum());
            }

            @Override
            public List<Tensor> parameters() {
                return linear.parameters();
            }

            @Override
            public void train(boolean training) {
                linear.train(training);
            }
        };
        Optimizer opt = SGD.builder().lr(0.1).build(model.parameters());
        assertThatThrownBy(() -> Trainer.builder().model("q", model).optimizer(opt).train(Quadrants.loader(
                Quadrants.dataset("t", 40, 1), 20, false)).checkGradients(true).build().fit())
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageStartingWith("training diverged: the gradient of param.1 is not finite (its norm is infinite) at step 1 "
                        + "(epoch 1, batch 1)")
                .hasMessageEndingWith(". Try a lower learning rate or gradient clipping (clipGradNorm)")
                .hasMessageNotContaining("--");
    }
}
