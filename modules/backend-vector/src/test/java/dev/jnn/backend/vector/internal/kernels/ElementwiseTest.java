package dev.jnn.backend.vector.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.UnaryOp;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ElementwiseTest {

    private static final Parallel TWO = new Parallel(2);
    private static final int[] SIZES = {0, 1, Simd.L - 1, Simd.L, Simd.L + 1, 37, 1000, 70_001};

    @AfterAll
    static void closePool() {
        TWO.close();
    }

    private static DoubleUnaryOperator reference(UnaryOp op) {
        return switch (op) {
            case NEG -> x -> -x;
            case SQRT -> Math::sqrt;
            case RELU -> x -> Math.max(x, 0);
            case ABS -> Math::abs;
            case SQUARE -> x -> x * x;
            default -> throw new IllegalArgumentException("no kernel for " + op);
        };
    }

    private static DoubleBinaryOperator reference(BinaryOp op) {
        return switch (op) {
            case ADD -> Double::sum;
            case SUB -> (a, b) -> a - b;
            case MUL -> (a, b) -> a * b;
            case DIV -> (a, b) -> a / b;
            case MAX -> Math::max;
            case MIN -> Math::min;
            default -> throw new IllegalArgumentException("no kernel for " + op);
        };
    }

    @Test
    void unaryVectorScalarAndReferenceAgree() {
        try (Arena arena = Arena.ofShared()) {
            for (UnaryOp op : Unary.OPS) {
                for (int n : SIZES) {
                    float[] x = Seg.random(n, n);
                    for (int i = 0; i < n; i++) {
                        x[i] *= 8;
                        if (op == UnaryOp.SQRT) {
                            x[i] = Math.abs(x[i]) + 1e-3f;
                        }
                    }
                    MemorySegment sx = Seg.of(arena, x), v = Seg.of(arena, new float[n]), s = Seg.of(arena, new float[n]);
                    Unary.apply(op, sx, 0, v, 0, n, TWO);
                    Unary.applyScalar(op, sx, 0, s, 0, 0, n);
                    float[] ref = new float[n];
                    for (int i = 0; i < n; i++) {
                        ref[i] = (float) reference(op).applyAsDouble(x[i]);
                    }
                    assertThat(Seg.maxRelErr(Seg.floats(v, n), ref)).as("%s n=%d", op, n).isLessThan(2e-6);
                    assertThat(Seg.maxRelErr(Seg.floats(s, n), ref)).as("scalar %s n=%d", op, n).isLessThan(2e-6);
                }
            }
        }
    }

    @Test
    void opsWithoutALoopHereAreRejectedBeforeAnythingRuns() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Seg.of(arena, new float[] {1f, 2f});
            assertThatThrownBy(() -> Unary.apply(UnaryOp.EXP, x, 0, x, 0, 2, TWO)).hasMessageContaining("EXP");
            assertThatThrownBy(() -> Binary.apply(BinaryOp.POW, x, 0, x, 0, x, 0, 2, TWO)).hasMessageContaining("POW");
            assertThat(Seg.floats(x, 2)).containsExactly(1f, 2f);
        }
    }

    @Test
    void unaryWorksInPlaceAtAnOffset() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Seg.of(arena, new float[] {9f, -1f, 2f, -3f, 9f});
            Unary.apply(UnaryOp.RELU, x, 1, x, 1, 3, Parallel.serial());
            assertThat(Seg.floats(x, 5)).containsExactly(9f, 0f, 2f, 0f, 9f);
        }
    }

    @Test
    void binarySameLengthScalarAndBroadcastsMatchReference() {
        int rows = 7, cols = 2 * Simd.L + 3;
        float[] a = Seg.random(1, rows * cols), b = Seg.random(2, rows * cols), row = Seg.random(3, cols);
        float[] col = Seg.random(4, 3);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment sa = Seg.of(arena, a), sb = Seg.of(arena, b), sr = Seg.of(arena, row), sc = Seg.of(arena, col);
            MemorySegment out = Seg.of(arena, new float[rows * cols]);
            for (BinaryOp op : Binary.OPS) {
                DoubleBinaryOperator f = reference(op);
                float[] ref = new float[rows * cols];
                Binary.apply(op, sa, 0, sb, 0, out, 0, rows * cols, TWO);
                for (int i = 0; i < ref.length; i++) {
                    ref[i] = (float) f.applyAsDouble(a[i], b[i]);
                }
                assertThat(Seg.maxRelErr(Seg.floats(out, ref.length), ref)).as("vv %s", op).isLessThan(1e-6);
                Binary.applyScalar(op, sa, 0, 0.3f, out, 0, rows * cols, TWO);
                for (int i = 0; i < ref.length; i++) {
                    ref[i] = (float) f.applyAsDouble(a[i], 0.3f);
                }
                assertThat(Seg.maxRelErr(Seg.floats(out, ref.length), ref)).as("vs %s", op).isLessThan(1e-6);
                Binary.applyScalarLeft(op, 0.3f, sa, 0, out, 0, rows * cols, TWO);
                for (int i = 0; i < ref.length; i++) {
                    ref[i] = (float) f.applyAsDouble(0.3f, a[i]);
                }
                assertThat(Seg.maxRelErr(Seg.floats(out, ref.length), ref)).as("sv %s", op).isLessThan(1e-6);
                Binary.applyRows(op, sa, 0, rows, cols, sr, 0, out, 0, TWO);
                for (int i = 0; i < ref.length; i++) {
                    ref[i] = (float) f.applyAsDouble(a[i], row[i % cols]);
                }
                assertThat(Seg.maxRelErr(Seg.floats(out, ref.length), ref)).as("rows %s", op).isLessThan(1e-6);
                Binary.applyColumns(op, sa, 0, rows, cols, sc, 0, 3, out, 0, TWO);
                for (int i = 0; i < ref.length; i++) {
                    ref[i] = (float) f.applyAsDouble(a[i], col[(i / cols) % 3]);
                }
                assertThat(Seg.maxRelErr(Seg.floats(out, ref.length), ref)).as("columns %s", op).isLessThan(1e-6);
            }
        }
    }

    @Test
    void activationGradientsFollowTheirDerivatives() {
        for (int n : SIZES) {
            float[] x = Seg.random(5, n), gy = Seg.random(6, n);
            if (n > 0) {
                x[0] = 0f;  // ReLU's gradient at exactly 0 is 0
            }
            try (Arena arena = Arena.ofShared()) {
                MemorySegment sx = Seg.of(arena, x), sg = Seg.of(arena, gy), out = Seg.of(arena, new float[n]);
                ActivationGrad.relu(sg, 0, sx, 0, out, 0, n, TWO);
                float[] got = Seg.floats(out, n);
                for (int i = 0; i < n; i++) {
                    assertThat(got[i]).isEqualTo(x[i] > 0 ? gy[i] : 0f);
                }
                ActivationGrad.sigmoid(sg, 0, sx, 0, out, 0, n, TWO);
                got = Seg.floats(out, n);
                for (int i = 0; i < n; i++) {
                    assertThat((double) got[i]).isCloseTo(gy[i] * x[i] * (1.0 - x[i]), org.assertj.core.data.Offset.offset(1e-6));
                }
                ActivationGrad.tanh(sg, 0, sx, 0, out, 0, n, TWO);
                got = Seg.floats(out, n);
                for (int i = 0; i < n; i++) {
                    assertThat((double) got[i]).isCloseTo(gy[i] * (1.0 - x[i] * x[i]), org.assertj.core.data.Offset.offset(1e-6));
                }
            }
        }
    }

    @Test
    void axpyAndFill() {
        for (int n : SIZES) {
            float[] x = Seg.random(7, n), y = Seg.random(8, n);
            try (Arena arena = Arena.ofShared()) {
                MemorySegment sx = Seg.of(arena, x), sy = Seg.of(arena, y);
                Blas1.axpy(n, -0.5f, sx, 0, sy, 0, TWO);
                float[] got = Seg.floats(sy, n);
                for (int i = 0; i < n; i++) {
                    assertThat(got[i]).isEqualTo(Math.fma(-0.5f, x[i], y[i]));
                }
                Blas1.fill(n, 1.5f, sy, 0, TWO);
                for (float v : Seg.floats(sy, n)) {
                    assertThat(v).isEqualTo(1.5f);
                }
            }
        }
    }
}
