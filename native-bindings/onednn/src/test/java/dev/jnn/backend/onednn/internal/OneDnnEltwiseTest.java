package dev.jnn.backend.onednn.internal;

import static dev.jnn.backend.onednn.internal.Buffers.assertClose;
import static dev.jnn.backend.onednn.internal.Buffers.normal;
import static dev.jnn.backend.onednn.internal.Buffers.of;
import static dev.jnn.backend.onednn.internal.Buffers.out;
import static dev.jnn.backend.onednn.internal.Buffers.positive;
import static dev.jnn.backend.onednn.internal.Buffers.read;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.backend.onednn.internal.OneDnnEltwise.Function;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every element-wise function, forward and backward, on sizes around the vector width. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneDnnEltwiseTest {
    private static final double TOL = 1e-4;
    private static final int[] SIZES = {1, 7, 15, 16, 17, 33, 257, 1000};

    private OneDnnOps ops;

    @BeforeAll
    void open() {
        assumeTrue(Natives.available(), Natives.reason());
        ops = new OneDnnOps(2);
    }

    @AfterAll
    void close() {
        if (ops != null) ops.close();
    }

    private static double f(Function f, double x) {
        return switch (f) {
            case RELU -> Math.max(0, x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case TANH -> Math.tanh(x);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case ABS -> Math.abs(x);
            case SQUARE -> x * x;
            case NEG -> -x;
            case RECIPROCAL -> 1 / x;
        };
    }

    private static double df(Function f, double x) {
        return switch (f) {
            case RELU -> x > 0 ? 1 : 0;
            case SIGMOID -> f(f, x) * (1 - f(f, x));
            case TANH -> 1 - Math.tanh(x) * Math.tanh(x);
            case EXP -> Math.exp(x);
            case LOG -> 1 / x;
            case SQRT -> 0.5 / Math.sqrt(x);
            case ABS -> Math.signum(x);
            case SQUARE -> 2 * x;
            case NEG -> -1;
            case RECIPROCAL -> -1 / (x * x);
        };
    }

    @ParameterizedTest
    @EnumSource(Function.class)
    void forwardAndBackwardMatchTheDefinition(Function fn) {
        boolean positiveOnly = fn == Function.LOG || fn == Function.SQRT || fn == Function.RECIPROCAL;
        for (int n : SIZES) {
            float[] x = positiveOnly ? positive(1, n) : normal(1, n);
            float[] gy = normal(2, n);
            double[] y = new double[n];
            double[] gx = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = f(fn, x[i]);
                gx[i] = df(fn, x[i]) * gy[i];
            }
            try (Arena a = Arena.ofConfined()) {
                MemorySegment xs = of(a, x);
                MemorySegment ys = out(a, n);
                ops.eltwise().forward(fn, n, xs, ys);
                assertClose(fn + " n=" + n, read(ys, n), y, TOL);
                MemorySegment gxs = out(a, n);
                ops.eltwise().backward(fn, n, fn.backwardUsesOutput ? ys : xs, of(a, gy), gxs);
                assertClose(fn + " backward n=" + n, read(gxs, n), gx, TOL);
                ops.eltwise().forward(fn, n, xs, xs);   // in place
                assertClose(fn + " in place n=" + n, read(xs, n), y, TOL);
            }
        }
    }
}
