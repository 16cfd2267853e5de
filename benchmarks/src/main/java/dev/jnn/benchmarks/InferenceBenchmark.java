package dev.jnn.benchmarks;

import dev.jnn.core.Backends;
import dev.jnn.core.BackendScope;
import dev.jnn.core.Generator;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.NoGrad;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.nn.Layer;
import dev.jnn.nn.zoo.ModelZoo;
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
 * Inference of a seed model at batch 1000 (evaluation mode, no graph), as PyTorch's side of
 * {@code compare-pytorch.sh} measures it: one forward pass of seeded random pixels, the logits
 * read back. Samples/s = 1000 / time per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-XX:+UseParallelGC", "-Xss4m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class InferenceBenchmark {
    static final int BATCH = 1000;

    @Param({"cnn"})
    public String model;

    @Param({"vector", "onednn"})
    public String backend;

    @Param({"1", "2"})
    public int threads;

    private Backend be;
    private Layer net;
    private float[] images;
    private final float[] logits = new float[BATCH * 10];

    @Setup(Level.Trial)
    public void setUp() {
        be = Backends.load().create(backend, new BackendConfig(threads, false));
        Generator.seedGlobal(1);
        try (BackendScope on = BackendScope.use(be)) {
            net = ModelZoo.create(model);
        }
        net.train(false);
        images = TrainStepBenchmark.pixels(new Generator(7), BATCH * 28 * 28, 0f, 1f);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        be.close();
    }

    /** One forward pass at batch 1000; returns the first logit. */
    @Benchmark
    public float forward() {
        try (NoGrad ignored = NoGrad.enter(); MemoryScope scope = MemoryScope.open()) {
            net.forward(Tensor.of(be, images, Shape.of(BATCH, 1, 28, 28))).read(logits, 0);
            return logits[0];
        }
    }
}
