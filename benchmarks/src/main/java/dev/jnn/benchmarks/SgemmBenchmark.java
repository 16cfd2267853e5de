package dev.jnn.benchmarks;

import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.backend.vector.internal.kernels.Sgemm;
import dev.jnn.backend.vector.internal.kernels.SgemmScalar;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
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
 * SGEMM at 1024^3 and at the MLP's shapes (784-512-256-128-64-10, batch 64): forward NT
 * (Y = X W^T), input gradient NN (dX = dY W) and weight gradient TN (dW = dY^T X).
 * Shape strings are {@code m x n x k : op(A) op(B)}; GFLOP/s = 2mnk / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SgemmBenchmark {

    @Param({"1024x1024x1024:NN",
        "64x512x784:NT", "64x784x512:NN", "512x784x64:TN",
        "64x256x512:NT", "64x512x256:NN", "256x512x64:TN",
        "64x128x256:NT", "64x256x128:NN", "128x256x64:TN",
        "64x64x128:NT", "64x128x64:NN", "64x128x64:TN",
        "64x10x64:NT", "64x64x10:NN", "10x64x64:TN"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private int m;
    private int n;
    private int k;
    private boolean ta;
    private boolean tb;
    private Arena arena;
    private MemorySegment a;
    private MemorySegment b;
    private MemorySegment c;
    private Parallel par;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = shape.split("[x:]");
        m = Integer.parseInt(parts[0]);
        n = Integer.parseInt(parts[1]);
        k = Integer.parseInt(parts[2]);
        ta = parts[3].charAt(0) == 'T';
        tb = parts[3].charAt(1) == 'T';
        arena = Arena.ofShared();
        a = random(arena, (long) m * k, 1);
        b = random(arena, (long) k * n, 2);
        c = arena.allocate(4L * m * n, 64);
        par = new Parallel(threads);
        checkAgainstScalar();
    }

    /** The first rows of C from the vector path must match the scalar twin's. */
    private void checkAgainstScalar() {
        int rows = Math.min(m, 16);
        MemorySegment ref = arena.allocate(4L * rows * n, 64);
        run();
        SgemmScalar.sgemm(ta, tb, rows, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, ref, 0, n);
        for (long i = 0; i < (long) rows * n; i++) {
            float x = c.getAtIndex(ValueLayout.JAVA_FLOAT, i), y = ref.getAtIndex(ValueLayout.JAVA_FLOAT, i);
            if (Math.abs(x - y) > 1e-4f * Math.max(1f, Math.abs(y))) {
                throw new IllegalStateException("vector and scalar SGEMM differ at " + i + ": " + x + " vs " + y);
            }
        }
    }

    static MemorySegment random(Arena arena, long n, long seed) {
        MemorySegment s = arena.allocate(4 * n, 64);
        SplittableRandom r = new SplittableRandom(seed);
        for (long i = 0; i < n; i++) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (r.nextDouble() - 0.5));
        }
        return s;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        par.close();
        arena.close();
    }

    @Benchmark
    public MemorySegment run() {
        Sgemm.sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n, par);
        return c;
    }
}
