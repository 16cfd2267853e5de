package dev.jnn.backend.vector;

import static dev.jnn.backend.vector.KernelCheck.index;
import static dev.jnn.backend.vector.KernelCheck.normal;
import static dev.jnn.backend.vector.KernelCheck.positive;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnn.backend.vector.KernelCheck.In;
import dev.jnn.backend.vector.KernelCheck.Kernel;
import dev.jnn.core.Backends;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.AdamStep;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.Conv2dSpec;
import dev.jnn.core.spi.Pool2dSpec;
import dev.jnn.core.spi.ReduceOp;
import dev.jnn.core.spi.ReferenceBackend;
import dev.jnn.core.spi.SgdStep;
import dev.jnn.core.spi.UnaryOp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each of the vector backend's kernels, called through the SPI, against core's reference kernels,
 * on shapes that hit each fast path and shapes that miss it (general paths), including sizes
 * around the lane count and sizes large enough to run on several threads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VectorKernelsMatchReferenceTest {
    private static final double TOL = 1e-5;
    private Backend vector;
    private Backend reference;

    @BeforeAll
    void open() {
        vector = Backends.load().create("vector", new BackendConfig(2, false));
        reference = new ReferenceBackend();
    }

    @AfterAll
    void close() {
        vector.close();
        reference.close();
    }

    private void check(String name, double tol, Kernel k, In... ins) {
        KernelCheck.assertMatches(name, tol, vector, reference, k, ins);
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryFastAndGeneralPaths(BinaryOp op) {
        int[][][] cases = {
                {{2, 40000}, {2, 40000}, {2, 40000}},      // same shape, several threads
                {{3, 17}, {1}, {3, 17}},                    // scalar right
                {{1, 1}, {5, 17}, {5, 17}},                 // scalar left
                {{64, 10}, {10}, {64, 10}},                 // row vector (bias)
                {{10}, {64, 10}, {64, 10}},                 // row vector on the left
                {{4, 3, 5, 5}, {1, 3, 1, 1}, {4, 3, 5, 5}}, // per channel
                {{3, 1, 1}, {4, 3, 5, 5}, {4, 3, 5, 5}},    // per channel on the left
                {{4, 1, 5}, {3, 5}, {4, 3, 5}},             // general
                {{3, 1}, {1, 33}, {3, 33}},                 // general, outer product
                {{2, 1, 3, 1}, {1, 4, 1, 2}, {2, 4, 3, 2}}, // general, alternating
        };
        for (int[][] c : cases) {
            In a = op == BinaryOp.POW ? positive(c[0]) : normal(c[0]);
            In b = op == BinaryOp.DIV ? positive(c[1]) : normal(c[1]);
            check(op + " " + Shape.of(c[0]) + " " + Shape.of(c[1]), TOL, (be, t) -> be.binary(op, t[0], t[1], t[2]),
                    a, b, normal(c[2]));
        }
        check(op + " scalar", TOL, (be, t) -> be.binaryScalar(op, t[0], 1.25f, t[1]),
                op == BinaryOp.POW ? positive(70001) : normal(70001), normal(70001));
        check(op + " in place", TOL, (be, t) -> be.binary(op, t[0], t[1], t[0]), positive(33, 17), positive(17));
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryAndItsGradient(UnaryOp op) {
        boolean pos = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RECIPROCAL;
        for (int n : new int[] {1, 15, 16, 17, 33, 70001}) {
            In x = pos ? positive(n) : normal(n);
            check(op + " n=" + n, TOL, (be, t) -> be.unary(op, t[0], t[1]), x, normal(n));
            check(op + " backward n=" + n, TOL, (be, t) -> {
                be.unary(op, t[0], t[1]);
                be.unaryBackward(op, t[0], t[1], t[2], t[3]);
            }, x, normal(n), normal(n), normal(n));
        }
    }

    @Test
    void axpyDropoutFillCopy() {
        check("axpy", TOL, (be, t) -> be.axpy(-0.5f, t[0], t[1]), normal(70001), normal(70001));
        check("dropout", 0, (be, t) -> be.dropout(t[0], t[1], 1.25f, t[2]), normal(1001), index(2, 1001), normal(1001));
        check("fill", 0, (be, t) -> be.fill(t[0], 0.3f), normal(70001));
        check("copy", 0, (be, t) -> be.copy(t[0], t[1]), normal(3, 37), normal(111));
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void reduceAlongEveryDimension(ReduceOp op) {
        int[][] shapes = {{3, 5, 17}, {1, 70001}, {70, 1000}, {1000, 70}, {2, 33, 40}};
        for (int[] s : shapes) {
            for (int d = 0; d < s.length; d++) {
                int dim = d;
                Shape out = Shape.of(s).with(d, 1);
                check(op + " " + Shape.of(s) + " dim " + d, 1e-4, (be, t) -> be.reduce(op, t[0], dim, t[1]),
                        normal(s), normal(out.dims()));
            }
        }
    }

    @Test
    void argmaxPicksTheFirstOfEqualValues() {
        check("argmax ties rows", 0, (be, t) -> {
            be.fill(t[0], 1f);
            be.reduce(ReduceOp.ARGMAX, t[0], 1, t[1]);
        }, normal(4, 37), normal(4));
        check("argmin ties columns", 0, (be, t) -> {
            be.fill(t[0], 1f);
            be.reduce(ReduceOp.ARGMIN, t[0], 0, t[1]);
        }, normal(5, 37), normal(37));
    }

    @Test
    void sumToShapeFastAndGeneralPaths() {
        int[][][] cases = {
                {{64, 10}, {10}},              // columns: a bias gradient
                {{64, 10}, {1, 10}},
                {{64, 10}, {64, 1}},           // rows
                {{4, 3, 5, 5}, {1, 3, 1, 1}},  // per channel
                {{4, 3, 5}, {4, 1, 5}},        // general
                {{2, 3, 4, 5}, {3, 1, 1}},     // per channel, rank differs
                {{2, 3, 4, 5}, {2, 1, 4, 1}},  // general
                {{3, 7}, {1}},                 // everything
                {{3, 7}, {3, 7}},              // nothing
        };
        for (int[][] c : cases) {
            check("sumToShape " + Shape.of(c[0]) + " -> " + Shape.of(c[1]), 1e-5, (be, t) -> be.sumToShape(t[0], t[1]),
                    normal(c[0]), normal(c[1]));
        }
    }

    @Test
    void stridedCopyAndWrite() {
        // transpose [5,7] -> [7,5]: innermost stride 7
        check("transpose", 0, (be, t) -> be.stridedCopy(t[0], new long[] {1, 7}, t[1]), normal(5, 7), normal(7, 5));
        // transposes larger than a tile, 2-d and batched, on several threads
        check("transpose tiles", 0, (be, t) -> be.stridedCopy(t[0], new long[] {1, 301}, t[1]), normal(333, 301), normal(301, 333));
        check("batched transpose", 0, (be, t) -> be.stridedCopy(t[0], new long[] {2000, 1, 50}, t[1]), normal(3, 40, 50),
                normal(3, 50, 40));
        // narrow along dim 1 of [4,9]: rows of 3 with stride 1
        check("narrow", 0, (be, t) -> be.stridedCopy(t[0], new long[] {9, 1}, t[1]), normal(4, 9), normal(4, 3));
        // expand [4,1] -> [3,4,5]: innermost stride 0
        check("expand", 0, (be, t) -> be.stridedCopy(t[0], new long[] {0, 1, 0}, t[1]), normal(4, 1), normal(3, 4, 5));
        // permute of [3,4,5] to [4,5,3]
        check("permute", 0, (be, t) -> be.stridedCopy(t[0], new long[] {5, 1, 20}, t[1]), normal(3, 4, 5), normal(4, 5, 3));
        // a large contiguous copy on several threads
        check("large", 0, (be, t) -> be.stridedCopy(t[0], new long[] {300, 1}, t[1]), normal(400, 300), normal(400, 300));
        // cat: [3,2] into columns 1..2 of [3,5]
        check("write rows", 0, (be, t) -> be.stridedWrite(t[0], t[1], 1, new long[] {5, 1}), normal(3, 2), normal(3, 5));
        check("write transposed", 0, (be, t) -> be.stridedWrite(t[0], t[1], 0, new long[] {1, 4}), normal(4, 3), normal(3, 4));
    }

    @Test
    void gathersAndScatters() {
        check("indexSelect dim 0", 0, (be, t) -> be.indexSelect(t[0], 0, t[1], t[2]), normal(5, 3), index(5, 7), normal(7, 3));
        check("indexSelect dim 1", 0, (be, t) -> be.indexSelect(t[0], 1, t[1], t[2]), normal(2, 5, 3), index(5, 4), normal(2, 4, 3));
        check("indexAdd", TOL, (be, t) -> be.indexAdd(t[0], 1, t[1], t[2]), normal(2, 9, 3), index(5, 9), normal(2, 5, 3));
        check("gather", 0, (be, t) -> be.gather(t[0], 1, t[1], t[2]), normal(4, 6), index(6, 4, 3), normal(4, 3));
        check("gather dim 0", 0, (be, t) -> be.gather(t[0], 0, t[1], t[2]), normal(4, 6, 2), index(4, 3, 5, 2), normal(3, 5, 2));
        check("scatterAdd", TOL, (be, t) -> be.scatterAdd(t[0], 1, t[1], t[2]), normal(4, 3), index(6, 4, 3), normal(4, 6));
        check("scatterAdd dim 0", TOL, (be, t) -> be.scatterAdd(t[0], 0, t[1], t[2]), normal(3, 5, 2), index(4, 3, 5, 2),
                normal(4, 6, 2));
        assertThatThrownBy(() -> KernelCheck.run(vector, (be, t) -> be.indexSelect(t[0], 0, t[1], t[2]), normal(2, 3),
                index(3, 4), normal(4, 3))).hasMessageContaining("out of range");
    }

    @Test
    void gemmShapesAndTransposes() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                int m = 33, n = 17, k = 65;
                int[] a = ta ? new int[] {k, m} : new int[] {m, k};
                int[] b = tb ? new int[] {n, k} : new int[] {k, n};
                check("gemm " + ta + tb, 1e-4, (be, t) -> be.gemm(ta, tb, 0.5f, t[0], t[1], 0.25f, t[2]), normal(a), normal(b),
                        normal(m, n));
                int[] a3 = ta ? new int[] {3, k, m} : new int[] {3, m, k};
                int[] b3 = tb ? new int[] {3, n, k} : new int[] {3, k, n};
                check("batched " + ta + tb, 1e-4, (be, t) -> be.gemm(ta, tb, 1f, t[0], t[1], 0f, t[2]), normal(a3), normal(b3),
                        normal(3, m, n));
                check("3d x 2d " + ta + tb, 1e-4, (be, t) -> be.gemm(ta, tb, 1f, t[0], t[1], 0f, t[2]), normal(a3), normal(b),
                        normal(3, m, n));
                check("2d x 3d " + ta + tb, 1e-4, (be, t) -> be.gemm(ta, tb, 1f, t[0], t[1], 1f, t[2]), normal(a), normal(b3),
                        normal(3, m, n));
            }
        }
        check("gemm large", 1e-4, (be, t) -> be.gemm(false, true, 1f, t[0], t[1], 0f, t[2]), normal(64, 300), normal(200, 300),
                normal(64, 200));
    }

    @Test
    void linearFusesBiasAndRelu() {
        for (boolean relu : new boolean[] {false, true}) {
            check("linear relu=" + relu, 1e-4, (be, t) -> be.linear(t[0], t[1], t[2], relu, t[3]), normal(64, 33), normal(31, 33),
                    normal(31), normal(64, 31));
            check("linear no bias relu=" + relu, 1e-4, (be, t) -> be.linear(t[0], t[1], null, relu, t[2]), normal(5, 17),
                    normal(3, 17), normal(5, 3));
        }
    }

    @Test
    void convolutionForwardAndBackward() {
        Object[][] cases = {
                {Conv2dSpec.of(1, 2, 1), new int[] {2, 1, 12, 12}, new int[] {4, 1, 5, 5}},
                {Conv2dSpec.of(2, 1, 2), new int[] {2, 3, 9, 9}, new int[] {3, 3, 3, 3}},
                {Conv2dSpec.of(1, 0, 1), new int[] {3, 4, 6, 6}, new int[] {5, 4, 1, 1}},
        };
        for (Object[] c : cases) {
            Conv2dSpec s = (Conv2dSpec) c[0];
            int[] x = (int[]) c[1];
            int[] w = (int[]) c[2];
            int[] y = {x[0], w[0], s.outH(x[2], w[2]), s.outW(x[3], w[3])};
            check("conv forward " + s, 1e-4, (be, t) -> be.conv2dForward(s, t[0], t[1], t[2], t[3]), normal(x), normal(w),
                    normal(w[0]), normal(y));
            check("conv data " + s, 1e-4, (be, t) -> be.conv2dBackwardData(s, t[0], t[1], t[2]), normal(y), normal(w), normal(x));
            check("conv weights " + s, 1e-4, (be, t) -> be.conv2dBackwardWeights(s, t[0], t[1], t[2], t[3]), normal(x), normal(y),
                    normal(w), normal(w[0]));
        }
    }

    @Test
    void poolingFastAndGeneralPaths() {
        Pool2dSpec[] specs = {Pool2dSpec.of(2, 2, 0), Pool2dSpec.of(3, 2, 1), new Pool2dSpec(2, 3, 1, 2, 1, 0)};
        for (Pool2dSpec s : specs) {
            // 10x6 and 11x7: outputs 3 wide, narrower than half a vector (a full store spills over several later rows)
            for (int[] x : new int[][] {{2, 3, 8, 8}, {2, 16, 7, 9}, {3, 2, 28, 28}, {1, 2, 6, 70}, {2, 3, 10, 6}, {3, 2, 11, 7},
                {1, 1, 3, 3}}) {
                int[] y = {x[0], x[1], s.outH(x[2]), s.outW(x[3])};
                int ws = y[0] * y[1] * y[2] * y[3];
                check("maxPool " + s + Shape.of(x), 0, (be, t) -> {
                    be.maxPool2dForward(s, t[0], t[1], t[2]);
                    be.maxPool2dBackward(s, t[0], t[3], t[2], t[4]);
                }, normal(x), normal(y), normal(ws), normal(y), normal(x));
                check("maxPool no workspace " + s + Shape.of(x), 0, (be, t) -> be.maxPool2dForward(s, t[0], t[1], null),
                        normal(x), normal(y));
                check("avgPool " + s + Shape.of(x), 1e-5, (be, t) -> {
                    be.avgPool2dForward(s, t[0], t[1]);
                    be.avgPool2dBackward(s, t[2], t[3]);
                }, normal(x), normal(y), normal(y), normal(x));
            }
        }
    }

    @Test
    void softmaxRowsAndColumns() {
        for (boolean log : new boolean[] {false, true}) {
            for (int[] s : new int[][] {{4, 17}, {64, 10}, {2, 5, 3}, {3, 40, 21}}) {
                for (int d = 0; d < s.length; d++) {
                    int dim = d;
                    check("softmax log=" + log + " " + Shape.of(s) + " dim " + d, 1e-5, (be, t) -> {
                        be.softmax(t[0], dim, log, t[1]);
                        be.softmaxBackward(t[1], t[2], dim, log, t[3]);
                    }, normal(s), normal(s), normal(s), normal(s));
                }
            }
        }
    }

    @Test
    void crossEntropyWithAndWithoutSmoothing() {
        for (float s : new float[] {0f, 0.1f}) {
            for (int[] nc : new int[][] {{6, 10}, {64, 10}, {3, 37}}) {
                check("crossEntropy s=" + s + " " + nc[0] + "x" + nc[1], 1e-5, (be, t) -> {
                    be.crossEntropy(t[0], t[1], s, t[2], t[3]);
                    be.crossEntropyBackward(t[3], t[1], s, t[4], t[5]);
                }, normal(nc), index(nc[1], nc[0]), normal(nc[0]), normal(nc), normal(nc[0]), normal(nc));
            }
        }
    }

    @Test
    void batchNormTrainingInferenceBackward() {
        for (int[] s : new int[][] {{8, 3}, {4, 5, 3, 3}, {2, 17}, {16, 4, 7, 7}}) {
            int c = s[1];
            check("batchNorm " + Shape.of(s), 1e-4, (be, t) -> {
                be.batchNormTraining(t[0], t[1], t[2], 1e-5f, t[3], t[4], t[5]);
                be.batchNormBackward(t[0], t[6], t[1], t[4], t[5], t[7], t[8], t[9]);
                be.batchNormInference(t[0], t[1], t[2], t[4], t[10], 1e-5f, t[11]);
            }, normal(s), normal(c), normal(c), normal(s), normal(c), normal(c), normal(s), normal(s), normal(c), normal(c),
                    positive(c), normal(s));
            check("batchNorm no affine " + Shape.of(s), 1e-4, (be, t) -> {
                be.batchNormTraining(t[0], null, null, 1e-5f, t[1], t[2], t[3]);
                be.batchNormBackward(t[0], t[4], null, t[2], t[3], t[5], null, null);
            }, normal(s), normal(s), normal(c), normal(c), normal(s), normal(s));
        }
    }

    @Test
    void optimizerUpdatesMatchTheReference() {
        for (boolean first : new boolean[] {true, false}) {
            for (boolean nesterov : new boolean[] {false, true}) {
                SgdStep h = new SgdStep(0.1f, 0.9f, nesterov ? 0f : 0.1f, 0.01f, nesterov, first);
                check("sgd " + h, 1e-6, (be, t) -> be.sgdUpdate(h, t[0], t[1], t[2]), normal(70001), normal(70001), normal(70001));
            }
        }
        check("sgd plain", 1e-6, (be, t) -> be.sgdUpdate(new SgdStep(0.1f, 0f, 0f, 0f, false, false), t[0], t[1], null),
                normal(37), normal(37));
        for (boolean decoupled : new boolean[] {false, true}) {
            AdamStep h = new AdamStep(1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, decoupled, false, 3);
            check("adam decoupled=" + decoupled, 1e-6, (be, t) -> be.adamUpdate(h, t[0], t[1], t[2], t[3], null),
                    normal(70001), normal(70001), normal(70001), positive(70001));
        }
        AdamStep ams = new AdamStep(1e-3f, 0.9f, 0.999f, 1e-8f, 0f, false, true, 5);
        check("adam amsgrad", 1e-6, (be, t) -> be.adamUpdate(ams, t[0], t[1], t[2], t[3], t[4]), normal(37), normal(37), normal(37),
                positive(37), positive(37));
    }

    @Test
    void emptyTensorsAreHandled() {
        check("binary empty", 0, (be, t) -> be.binary(BinaryOp.ADD, t[0], t[1], t[2]), normal(0, 3), normal(3), normal(0, 3));
        check("reduce empty outer", 0, (be, t) -> be.reduce(ReduceOp.SUM, t[0], 1, t[1]), normal(0, 5), normal(0));
        check("sum of nothing", 0, (be, t) -> be.reduce(ReduceOp.SUM, t[0], 1, t[1]), normal(1, 0), normal(1));
        check("sumToShape empty", 0, (be, t) -> be.sumToShape(t[0], t[1]), normal(0, 3), normal(3));
        check("stridedCopy empty", 0, (be, t) -> be.stridedCopy(t[0], new long[] {1, 3}, t[1]), normal(0, 3), normal(3, 0));
        check("gemm k=0", 0, (be, t) -> be.gemm(false, false, 1f, t[0], t[1], 0f, t[2]), normal(4, 0), normal(0, 5), normal(4, 5));
        check("indexSelect empty index", 0, (be, t) -> be.indexSelect(t[0], 0, t[1], t[2]), normal(4, 3), normal(0), normal(0, 3));
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        try (Backend one = Backends.load().create("vector", new BackendConfig(1, false))) {
            Kernel step = (be, t) -> {
                be.linear(t[0], t[1], t[2], true, t[3]);
                be.reduce(ReduceOp.SUM, t[3], 0, t[4]);
                be.reduce(ReduceOp.MEAN, t[0], 1, t[5]);
                be.conv2dBackwardWeights(Conv2dSpec.of(1, 2, 1), t[6], t[7], t[8], t[9]);
                be.softmax(t[3], 1, true, t[3]);
                be.sumToShape(t[0], t[10]);
                be.batchNormTraining(t[7], t[9], t[9], 1e-5f, t[11], t[12], t[13]);
                be.batchNormBackward(t[7], t[11], t[9], t[12], t[13], t[14], t[15], t[16]);
                be.maxPool2dForward(Pool2dSpec.of(2, 2, 0), t[7], t[17], t[18]);
                be.maxPool2dBackward(Pool2dSpec.of(2, 2, 0), t[7], t[17], t[18], t[19]);
                be.unary(UnaryOp.SQUARE, t[22], t[22]);
                be.adamUpdate(new AdamStep(1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, false, false, 2), t[20], t[1], t[21], t[22], null);
            };
            In[] ins = {normal(96, 300), normal(150, 300), normal(150), normal(96, 150), normal(150), normal(96),
                    normal(20, 3, 16, 16), normal(20, 8, 16, 16), normal(8, 3, 5, 5), normal(8), normal(300),
                    normal(20, 8, 16, 16), normal(8), normal(8), normal(20, 8, 16, 16), normal(8), normal(8),
                    normal(20, 8, 8, 8), normal(20 * 8 * 8 * 8), normal(20, 8, 16, 16), normal(150, 300), normal(150, 300),
                    normal(150, 300)};
            float[][] a = KernelCheck.run(one, step, ins);
            float[][] b = KernelCheck.run(vector, step, ins);
            for (int i = 0; i < a.length; i++) {
                KernelCheck.assertBitIdentical("1 vs 2 threads, tensor " + i, b[i], a[i]);
            }
        }
    }
}
