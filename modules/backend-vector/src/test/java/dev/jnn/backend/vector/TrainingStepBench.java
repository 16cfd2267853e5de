package dev.jnn.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.core.Backends;
import dev.jnn.core.Functional.Reduction;
import dev.jnn.core.Functional;
import dev.jnn.core.Generator;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.NoGrad;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.AdamStep;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.Conv2dSpec;
import dev.jnn.core.spi.Pool2dSpec;
import dev.jnn.core.spi.SgdStep;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Times one training step of the seed models' shapes, built from {@link Functional} ops on the
 * vector backend, on 1 and 2 threads: the MLP of seed 000 (784-512-256-128-64-10, ReLU, batch 64,
 * cross-entropy, SGD) and the CNN of seed 002 (two 5x5 conv + ReLU + 2x2 max-pool blocks, then
 * Linear(1568, 10), batch 50, Adam).
 *
 * <p>Off by default: run it with
 * {@code mvn -o -pl modules/backend-vector surefire:test -Djnn.bench=true -Dtest=TrainingStepBench}
 * (add {@code -Djnn.bench.steps=N} to change the number of timed steps), or as a main; with
 * {@code -Djnn.bench.reference=true} it times core's scalar reference kernels instead.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "jnn.bench", matches = "true")
class TrainingStepBench {

    @Test
    void trainingStepsRunAndPrintTimings() {
        int steps = Integer.getInteger("jnn.bench.steps", 30);
        for (int threads : new int[] {1, 2}) {
            for (String model : new String[] {"mlp", "cnn"}) {
                double loss = run(model, threads, steps);
                assertThat(loss).isFinite();
            }
        }
    }

    /** Runs the benchmark outside JUnit: {@code [steps] [model] [threads]}. */
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        String[] models = args.length > 1 ? new String[] {args[1]} : new String[] {"mlp", "cnn"};
        int[] threads = args.length > 2 ? new int[] {Integer.parseInt(args[2])} : new int[] {1, 2};
        for (int t : threads) {
            for (String m : models) run(m, t, steps);
        }
    }

    /**
     * Warms up, then times {@code steps} steps in 5 rounds; prints the best round's ms/step and
     * samples/s (the machine may be shared: the best round is the least disturbed), the median
     * round, and the process CPU time per step. Returns the last loss.
     */
    static double run(String model, int threads, int steps) {
        // -Djnn.bench.reference=true times core's scalar reference kernels instead: the "before".
        boolean reference = Boolean.getBoolean("jnn.bench.reference");
        try (Backend be = reference ? new dev.jnn.core.spi.ReferenceBackend()
                : Backends.load().create("vector", new BackendConfig(threads, false))) {
            Model m = model.equals("mlp") ? new Mlp(be) : new Cnn(be);
            float loss = 0;
            int warmup = Math.max(10, steps);
            long step = 0;
            for (int i = 0; i < warmup; i++) loss = m.step(++step);
            int rounds = 5;
            int perRound = Math.max(1, steps / rounds);
            double[] ms = new double[rounds];
            java.time.Duration cpu0 = ProcessHandle.current().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < perRound; i++) loss = m.step(++step);
                ms[r] = (System.nanoTime() - t0) / 1e6 / perRound;
            }
            java.time.Duration cpu1 = ProcessHandle.current().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
            double cpuMs = cpu1.minus(cpu0).toNanos() / 1e6 / (rounds * perRound);
            java.util.Arrays.sort(ms);
            System.out.printf((reference ? "reference " : "") + "%s threads=%d: %.3f ms/step best, %.3f median, %.0f samples/s best (batch %d, %dx%d steps, "
                            + "process CPU %.3f ms/step, loss %.4f)%n",
                    model, threads, ms[0], ms[rounds / 2], m.batch() * 1000.0 / ms[0], m.batch(), rounds, perRound, cpuMs, loss);
            return loss;
        }
    }

    private abstract static class Model {
        final Backend be;
        final Generator gen = new Generator(42);
        final List<Tensor> params = new ArrayList<>();

        Model(Backend be) {
            this.be = be;
        }

        abstract int batch();

        abstract Tensor forward(Tensor x);

        abstract Tensor input();

        abstract void update(long step);

        Tensor param(float bound, int... dims) {
            float[] v = new float[Math.toIntExact(Shape.of(dims).numel())];
            gen.fillUniform(v, -bound, bound);
            Tensor p = Tensor.of(be, v, Shape.of(dims)).requiresGrad(true);
            params.add(p);
            return p;
        }

        Tensor targets() {
            float[] t = new float[batch()];
            for (int i = 0; i < t.length; i++) t[i] = i % 10;
            return Tensor.of(be, t, Shape.of(batch()));
        }

        float step(long step) {
            try (MemoryScope ignored = MemoryScope.open()) {
                Tensor loss = Functional.crossEntropy(forward(input()), targets(), Reduction.MEAN, 0f);
                loss.backward();
                try (NoGrad ng = NoGrad.enter()) {
                    update(step);
                    for (Tensor p : params) p.zeroGrad();
                }
                return loss.item();
            }
        }
    }

    private static final class Mlp extends Model {
        private final float[] x = new float[64 * 784];

        Mlp(Backend be) {
            super(be);
            int[] sizes = {784, 512, 256, 128, 64, 10};
            for (int i = 0; i + 1 < sizes.length; i++) {
                float bound = (float) (1 / Math.sqrt(sizes[i]));
                param(bound, sizes[i + 1], sizes[i]);
                param(bound, sizes[i + 1]);
            }
            gen.fillUniform(x, 0f, 1f);
        }

        @Override
        int batch() {
            return 64;
        }

        @Override
        Tensor input() {
            return Tensor.of(be, x, Shape.of(64, 784));
        }

        @Override
        Tensor forward(Tensor h) {
            for (int i = 0; i < params.size(); i += 2) {
                h = Functional.linear(h, params.get(i), params.get(i + 1));
                if (i + 2 < params.size()) h = h.relu();
            }
            return h;
        }

        @Override
        void update(long step) {
            SgdStep h = new SgdStep(0.01f, 0f, 0f, 0f, false, step == 1);
            for (Tensor p : params) be.sgdUpdate(h, p, p.grad(), null);
        }
    }

    private static final class Cnn extends Model {
        private final float[] x = new float[50 * 28 * 28];
        private final List<Tensor[]> adam = new ArrayList<>();

        Cnn(Backend be) {
            super(be);
            param((float) (1 / Math.sqrt(25)), 16, 1, 5, 5);
            param((float) (1 / Math.sqrt(25)), 16);
            param((float) (1 / Math.sqrt(400)), 32, 16, 5, 5);
            param((float) (1 / Math.sqrt(400)), 32);
            param((float) (1 / Math.sqrt(1568)), 10, 1568);
            param((float) (1 / Math.sqrt(1568)), 10);
            for (Tensor p : params) adam.add(new Tensor[] {Tensor.zeros(be, p.shape()), Tensor.zeros(be, p.shape())});
            gen.fillUniform(x, 0f, 1f);
        }

        @Override
        int batch() {
            return 50;
        }

        @Override
        Tensor input() {
            return Tensor.of(be, x, Shape.of(50, 1, 28, 28));
        }

        @Override
        Tensor forward(Tensor h) {
            Conv2dSpec conv = Conv2dSpec.of(1, 2, 1);
            Pool2dSpec pool = Pool2dSpec.of(2, 2, 0);
            h = Functional.maxPool2d(Functional.conv2d(h, params.get(0), params.get(1), conv).relu(), pool);
            h = Functional.maxPool2d(Functional.conv2d(h, params.get(2), params.get(3), conv).relu(), pool);
            return Functional.linear(h.flatten(1, -1), params.get(4), params.get(5));
        }

        @Override
        void update(long step) {
            AdamStep h = new AdamStep(1e-3f, 0.9f, 0.999f, 1e-8f, 0f, false, false, step);
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                be.adamUpdate(h, p, p.grad(), adam.get(i)[0], adam.get(i)[1], null);
            }
        }
    }
}
