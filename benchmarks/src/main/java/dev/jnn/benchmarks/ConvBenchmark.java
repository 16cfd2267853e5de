package dev.jnn.benchmarks;

import dev.jnn.backend.vector.internal.kernels.Conv2d;
import dev.jnn.backend.vector.internal.kernels.Conv2dGeometry;
import dev.jnn.backend.vector.internal.kernels.Conv2dScalar;
import dev.jnn.backend.vector.internal.kernels.Parallel;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
 * The cnn seed's two convolutions, batch 50: conv1 = Conv2d(1, 16, 5, 1, 2) on 28x28 and
 * conv2 = Conv2d(16, 32, 5, 1, 2) on 14x14; forward (with bias), backward-data, backward-weights
 * (the weight gradient; the backend sums the bias gradient apart). Each costs
 * 2 * N * Cout * OH * OW * Cin * 25 flops.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConvBenchmark {

    @Param({"conv1", "conv2"})
    public String layer;

    @Param({"1", "2"})
    public int threads;

    private Conv2dGeometry g;
    private Arena arena;
    private MemorySegment x;
    private MemorySegment w;
    private MemorySegment bias;
    private MemorySegment y;
    private MemorySegment dx;
    private MemorySegment dw;
    private Parallel par;

    @Setup(Level.Trial)
    public void setUp() {
        g = layer.equals("conv1") ? Conv2dGeometry.of(50, 1, 28, 28, 16, 5, 1, 2)
                : Conv2dGeometry.of(50, 16, 14, 14, 32, 5, 1, 2);
        arena = Arena.ofShared();
        x = SgemmBenchmark.random(arena, g.batch() * g.inImage(), 3);
        w = SgemmBenchmark.random(arena, g.weightSize(), 4);
        bias = SgemmBenchmark.random(arena, g.outChannels(), 5);
        y = SgemmBenchmark.random(arena, g.batch() * g.outImage(), 6);
        dx = arena.allocate(4 * g.batch() * g.inImage(), 64);
        dw = arena.allocate(4 * g.weightSize(), 64);
        par = new Parallel(threads);
        checkAgainstScalar();
    }

    /** Forward on the first two images must match the scalar twin. */
    private void checkAgainstScalar() {
        Conv2dGeometry two = new Conv2dGeometry(2, g.inChannels(), g.inHeight(), g.inWidth(), g.outChannels(),
                g.kernelH(), g.kernelW(), 1, 1, g.padH(), g.padW(), 1, 1);
        MemorySegment a = arena.allocate(4 * two.batch() * two.outImage(), 64);
        MemorySegment b = arena.allocate(4 * two.batch() * two.outImage(), 64);
        Conv2d.forward(two, x, 0, w, 0, bias, 0, a, 0, par);
        Conv2dScalar.forward(two, x, 0, w, 0, bias, 0, b, 0);
        for (long i = 0; i < two.batch() * two.outImage(); i++) {
            float u = a.getAtIndex(ValueLayout.JAVA_FLOAT, i), v = b.getAtIndex(ValueLayout.JAVA_FLOAT, i);
            if (Math.abs(u - v) > 1e-4f * Math.max(1f, Math.abs(v))) {
                throw new IllegalStateException("vector and scalar conv2d differ at " + i + ": " + u + " vs " + v);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        par.close();
        arena.close();
    }

    @Benchmark
    public MemorySegment forward() {
        Conv2d.forward(g, x, 0, w, 0, bias, 0, y, 0, par);
        return y;
    }

    /** Forward through im2col + SGEMM even where {@link #forward} takes the direct kernel. */
    @Benchmark
    public MemorySegment forwardIm2col() {
        Conv2d.forwardIm2col(g, x, 0, w, 0, bias, 0, y, 0, par);
        return y;
    }

    @Benchmark
    public MemorySegment backwardData() {
        Conv2d.backwardData(g, y, 0, w, 0, dx, 0, par);
        return dx;
    }

    @Benchmark
    public MemorySegment backwardWeights() {
        Conv2d.backwardWeights(g, x, 0, y, 0, dw, 0, par);
        return dw;
    }
}
