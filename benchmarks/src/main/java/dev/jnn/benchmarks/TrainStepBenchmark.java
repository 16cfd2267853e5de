package dev.jnn.benchmarks;

import dev.jnn.core.Backends;
import dev.jnn.core.BackendScope;
import dev.jnn.core.Generator;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.nn.CrossEntropyLoss;
import dev.jnn.nn.Layer;
import dev.jnn.nn.zoo.ModelZoo;
import dev.jnn.optim.Adam;
import dev.jnn.optim.Optimizer;
import dev.jnn.optim.SGD;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full training step of a seed recipe, as {@code ./jnn train} runs it (zero the gradients,
 * forward, cross-entropy, backward, optimizer step, all inside a {@link MemoryScope}, the loss read
 * back), through the public API on each CPU backend: mlp and bn-mlp (batch 64, SGD momentum 0.5),
 * cnn (batch 50, Adam), lenet (batch 64, SGD momentum 0.9). The batch is seeded random pixels in
 * [0, 1) normalised as the recipe does, with seeded random labels; the time per step does not
 * depend on the values. Samples/s = batch / time per step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-XX:+UseParallelGC", "-Xss4m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TrainStepBenchmark {

    @Param({"mlp", "bn-mlp", "cnn", "lenet"})
    public String model;

    @Param({"vector", "onednn"})
    public String backend;

    @Param({"1", "2"})
    public int threads;

    private Backend be;
    private Layer net;
    private Optimizer opt;
    private final CrossEntropyLoss loss = new CrossEntropyLoss();
    private float[] images;
    private float[] labels;
    private int batch;

    @Setup(Level.Trial)
    public void setUp() {
        be = Backends.load().create(backend, new BackendConfig(threads, false));
        Generator.seedGlobal(1);
        try (BackendScope on = BackendScope.use(be)) {
            net = ModelZoo.create(model);
        }
        net.train(true);
        boolean adam = model.equals("cnn");
        batch = adam ? 50 : 64;
        opt = adam ? Adam.builder().lr(1e-3).build(net.parameters())
                : SGD.builder().lr(0.01).momentum(model.equals("lenet") ? 0.9 : 0.5).build(net.parameters());
        float mean = model.equals("mlp") ? 0.1307f : model.equals("cnn") ? 0f : 0.5f;
        float std = model.equals("mlp") ? 0.3081f : model.equals("cnn") ? 1f : 0.5f;
        images = pixels(new Generator(7), batch * 28 * 28, mean, std);
        labels = new float[batch];
        Generator g = new Generator(8);
        for (int i = 0; i < batch; i++) labels[i] = (float) Math.floor(g.nextDouble() * 10);
        float first = step();
        if (!Float.isFinite(first)) throw new IllegalStateException(model + " on " + backend + ": loss " + first);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        be.close();
    }

    /** Uniform pixels in [0, 1), normalised with the recipe's mean and std. */
    static float[] pixels(Generator g, int n, float mean, float std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = ((float) g.nextDouble() - mean) / std;
        return v;
    }

    /** One optimizer step; returns the loss. */
    @Benchmark
    public float step() {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor x = Tensor.of(be, images, Shape.of(batch, 1, 28, 28));
            Tensor y = Tensor.of(be, labels, Shape.of(batch));
            opt.zeroGrad();
            Tensor l = loss.apply(net.forward(x), y);
            l.backward();
            opt.step();
            return l.item();
        }
    }
}
