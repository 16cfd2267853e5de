package dev.jnn.backend.vector.internal;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling with a 2x2 window, stride 2 and no padding (the CNNs' pooling), vectorised along
 * the output row. Scalar code spends its time in mispredicted comparisons (which of four values
 * wins is random); here each block of L outputs loads 2L floats from each of the two input rows,
 * splits them into even and odd columns with two-vector shuffles, and picks the winner with
 * blends. A block whose vectors run past its output row (the CNN's rows of 14 and 7 outputs) still
 * loads and stores whole vectors where they stay inside the input and inside the plane's output;
 * only the blocks at the end of a plane (or of the input) use masked ones.
 *
 * <p>The choice is the reference's: the first maximum in window order (top-left, top-right,
 * bottom-left, bottom-right), a NaN beating everything before it. The index stored per output is
 * the flat position in its input plane.
 */
final class VectorMaxPool2x2 {
    private static final VectorSpecies<Integer> I = F.withLanes(int.class).check(int.class);
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(F, i -> 2 * i);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(F, i -> 2 * i + 1);
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private VectorMaxPool2x2() {
    }

    /**
     * Pools one plane: x[xp...] is h x w, y[yp...] is oh x ow with oh = h/2, ow = w/2 (floor);
     * {@code ws} (may be null) receives the int index of each output's element.
     */
    static void plane(MemorySegment x, long xp, int w, int oh, int ow, MemorySegment y, long yp, MemorySegment ws,
                      long wp) {
        long xBytes = x.byteSize();
        long planeOut = (long) oh * ow;
        for (int i = 0; i < oh; i++) {
            long r0 = xp + 2L * i * w;
            long r1 = r0 + w;
            int rowBase = 2 * i * w;
            for (int j = 0; j < ow; j += L) {
                int n = Math.min(L, ow - j);
                long c0 = 4 * (r0 + 2L * j);
                long c1 = 4 * (r1 + 2L * j);
                long o = (long) i * ow + j;
                // Full-width loads and stores where they stay inside x and inside this plane's output
                // (lanes past the row end carry garbage into later outputs of the plane, which later
                // blocks overwrite): masked ones cost about 30% of the kernel on AVX2. Two methods, so
                // that no vector flows through a branch join (C2 would box it).
                if (c1 + 8L * L <= xBytes && o + L <= planeOut) {
                    block(x, c0, c1, w, rowBase + 2 * j, y, 4 * (yp + o), ws, 4 * (wp + o));
                } else {
                    maskedBlock(x, c0, c1, w, rowBase + 2 * j, n, y, 4 * (yp + o), ws, 4 * (wp + o));
                }
            }
        }
    }

    /** One block of L outputs from the full vectors at byte offsets c0 (top row) and c1 (bottom row). */
    private static void block(MemorySegment x, long c0, long c1, int w, int topLeft, MemorySegment y, long yb,
                              MemorySegment ws, long wb) {
        FloatVector lo0 = FloatVector.fromMemorySegment(F, x, c0, ORDER);
        FloatVector hi0 = FloatVector.fromMemorySegment(F, x, c0 + 4L * L, ORDER);
        FloatVector lo1 = FloatVector.fromMemorySegment(F, x, c1, ORDER);
        FloatVector hi1 = FloatVector.fromMemorySegment(F, x, c1 + 4L * L, ORDER);
        FloatVector best = lo0.rearrange(EVEN, hi0);
        FloatVector b = lo0.rearrange(ODD, hi0);
        FloatVector c = lo1.rearrange(EVEN, hi1);
        FloatVector d = lo1.rearrange(ODD, hi1);
        VectorMask<Float> tb = b.compare(VectorOperators.GT, best).or(b.test(VectorOperators.IS_NAN));
        best = best.blend(b, tb);
        VectorMask<Float> tc = c.compare(VectorOperators.GT, best).or(c.test(VectorOperators.IS_NAN));
        best = best.blend(c, tc);
        VectorMask<Float> td = d.compare(VectorOperators.GT, best).or(d.test(VectorOperators.IS_NAN));
        best = best.blend(d, td);
        best.intoMemorySegment(y, yb, ORDER);
        if (ws != null) {
            // The top-left element's index, replaced where a later element of the window won.
            IntVector first = IntVector.zero(I).addIndex(2).add(topLeft);
            IntVector idx = first.blend(first.add(1), tb.cast(I));
            idx = idx.blend(first.add(w), tc.cast(I));
            idx = idx.blend(first.add(w + 1), td.cast(I));
            idx.intoMemorySegment(ws, wb, ORDER);
        }
    }

    /**
     * As {@link #block} for the first {@code n} outputs only, reading and writing nothing past them. It
     * repeats block's body on purpose: with the shared part in a helper taking the four vectors, C2
     * boxed them and the pooling ran 2.5x slower (28x28 planes 369-382 against 902-950 us).
     */
    private static void maskedBlock(MemorySegment x, long c0, long c1, int w, int topLeft, int n, MemorySegment y,
                                    long yb, MemorySegment ws, long wb) {
        VectorMask<Float> outMask = F.indexInRange(0, n);
        VectorMask<Float> loMask = F.indexInRange(0, 2 * n);
        VectorMask<Float> hiMask = F.indexInRange(L, 2 * n);
        FloatVector lo0 = FloatVector.fromMemorySegment(F, x, c0, ORDER, loMask);
        FloatVector hi0 = FloatVector.fromMemorySegment(F, x, c0 + 4L * L, ORDER, hiMask);
        FloatVector lo1 = FloatVector.fromMemorySegment(F, x, c1, ORDER, loMask);
        FloatVector hi1 = FloatVector.fromMemorySegment(F, x, c1 + 4L * L, ORDER, hiMask);
        FloatVector best = lo0.rearrange(EVEN, hi0);
        FloatVector b = lo0.rearrange(ODD, hi0);
        FloatVector c = lo1.rearrange(EVEN, hi1);
        FloatVector d = lo1.rearrange(ODD, hi1);
        VectorMask<Float> tb = b.compare(VectorOperators.GT, best).or(b.test(VectorOperators.IS_NAN));
        best = best.blend(b, tb);
        VectorMask<Float> tc = c.compare(VectorOperators.GT, best).or(c.test(VectorOperators.IS_NAN));
        best = best.blend(c, tc);
        VectorMask<Float> td = d.compare(VectorOperators.GT, best).or(d.test(VectorOperators.IS_NAN));
        best = best.blend(d, td);
        best.intoMemorySegment(y, yb, ORDER, outMask);
        if (ws != null) {
            IntVector first = IntVector.zero(I).addIndex(2).add(topLeft);
            IntVector idx = first.blend(first.add(1), tb.cast(I));
            idx = idx.blend(first.add(w), tc.cast(I));
            idx = idx.blend(first.add(w + 1), td.cast(I));
            idx.intoMemorySegment(ws, wb, ORDER, outMask.cast(I));
        }
    }
}
