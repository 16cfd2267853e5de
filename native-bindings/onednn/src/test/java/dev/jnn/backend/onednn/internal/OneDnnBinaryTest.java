package dev.jnn.backend.onednn.internal;

import static dev.jnn.backend.onednn.internal.Buffers.assertClose;
import static dev.jnn.backend.onednn.internal.Buffers.normal;
import static dev.jnn.backend.onednn.internal.Buffers.of;
import static dev.jnn.backend.onednn.internal.Buffers.out;
import static dev.jnn.backend.onednn.internal.Buffers.read;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.core.Shape;
import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.ReduceOp;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Binary ops with broadcasting and reductions against their scalar definitions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneDnnBinaryTest {
    private static final double TOL = 1e-5;

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

    /** Flat index into {@code small} (broadcast to {@code full}) of flat index {@code i} of {@code full}. */
    private static int broadcastIndex(long[] full, long[] small, int i) {
        int idx = 0;
        int stride = 1;
        for (int d = full.length - 1; d >= 0; d--) {
            int coord = (int) (i % full[d]);
            i /= (int) full[d];
            if (small[d] != 1) idx += coord * stride;
            stride *= (int) small[d];
        }
        return idx;
    }

    @Test
    void everyBinaryOpBroadcastsItsSecondOperand() {
        int[][][] shapes = {{{2, 33}, {2, 33}}, {{4, 3, 5}, {3, 5}}, {{3, 17}, {17}}, {{3, 16}, {3, 1}}, {{7}, {1}},
            {{2, 3, 4, 5}, {1, 3, 1, 1}}};
        for (BinaryOp op : BinaryOp.values()) {
            int alg = Broadcast.binaryAlg(op);
            if (alg == 0) continue;
            for (int[][] s : shapes) {
                Shape full = Shape.of(s[0]);
                long[] d0 = Broadcast.dims(full, full.rank());
                long[] d1 = Broadcast.dims(Shape.of(s[1]), full.rank());
                int n0 = (int) full.numel();
                int n1 = (int) Shape.of(s[1]).numel();
                float[] a = normal(1, n0);
                float[] b = normal(2, n1);
                if (op.isComparison()) for (int i = 0; i < n1; i++) b[i] = a[i];   // some ties for EQ/LE/GE
                double[] want = new double[n0];
                for (int i = 0; i < n0; i++) want[i] = op.apply(a[i], b[broadcastIndex(d0, d1, i)]);
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment y = out(arena, n0);
                    ops.binary().binary(alg, d0, of(arena, a), d1, of(arena, b), y);
                    assertClose(op + " " + full + " with " + Shape.of(s[1]), read(y, n0), want, TOL);
                }
            }
        }
    }

    @Test
    void reductionsOverOneDimensionAndDownToABroadcastShape() {
        long[][][] cases = {{{3, 5, 7}, {3, 1, 7}}, {{3, 5, 7}, {1, 5, 7}}, {{3, 5, 7}, {3, 5, 1}}, {{64, 10}, {1, 10}},
            {{2, 3, 4, 5}, {1, 3, 1, 1}}, {{257}, {1}}};
        for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.MEAN, ReduceOp.MAX, ReduceOp.MIN}) {
            for (long[][] c : cases) {
                long[] src = c[0];
                long[] dst = c[1];
                int n = (int) java.util.Arrays.stream(src).reduce(1, (p, q) -> p * q);
                int m = (int) java.util.Arrays.stream(dst).reduce(1, (p, q) -> p * q);
                float[] x = normal(3, n);
                double[] acc = new double[m];
                int[] count = new int[m];
                java.util.Arrays.fill(acc, op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY
                        : op == ReduceOp.MIN ? Double.POSITIVE_INFINITY : 0);
                for (int i = 0; i < n; i++) {
                    int o = broadcastIndex(src, dst, i);
                    count[o]++;
                    acc[o] = switch (op) {
                        case MAX -> Math.max(acc[o], x[i]);
                        case MIN -> Math.min(acc[o], x[i]);
                        default -> acc[o] + x[i];
                    };
                }
                if (op == ReduceOp.MEAN) for (int o = 0; o < m; o++) acc[o] /= count[o];
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment y = out(arena, m);
                    ops.binary().reduce(Broadcast.reductionAlg(op), src, of(arena, x), dst, y);
                    assertClose(op + " " + java.util.Arrays.toString(src) + " to " + java.util.Arrays.toString(dst),
                            read(y, m), acc, 1e-4);
                }
            }
        }
    }
}
