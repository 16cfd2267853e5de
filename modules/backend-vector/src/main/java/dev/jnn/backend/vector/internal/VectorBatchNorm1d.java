package dev.jnn.backend.vector.internal;

import static dev.jnn.backend.vector.internal.kernels.Simd.rowGrain;

import dev.jnn.backend.vector.internal.kernels.Parallel;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batch normalisation of x [N, C] (BatchNorm1d: one element per channel and sample), vectorised
 * across channels. {@link VectorBatchNorm}'s per-channel loop would read one float per row here,
 * strided by C, through scalar calls; this walks the rows once per pass and keeps one double
 * accumulator per channel in the lanes of a {@link DoubleVector}.
 *
 * <p>Every lane does exactly the arithmetic of the per-channel loop, in the same order (float
 * differences and products, rounded once, summed in double in row order; statistics in double),
 * so results are bit for bit those of {@link VectorBatchNorm} with one element per plane, in every
 * JIT tier: lane-wise IEEE operations and conversions do not depend on the tier. Channels left
 * over after the last full block run {@link VectorBatchNorm}'s own per-channel code.
 */
final class VectorBatchNorm1d {
    /** Double lanes; the float species below has as many lanes, half the width. */
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FH =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    /** Channels per vector block. */
    private static final int W = D.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private VectorBatchNorm1d() {
    }

    private static FloatVector loadF(MemorySegment s, long i) {
        return FloatVector.fromMemorySegment(FH, s, i << 2, ORDER);
    }

    private static DoubleVector widen(FloatVector v) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
    }

    private static FloatVector narrow(DoubleVector v) {
        return (FloatVector) v.convertShape(VectorOperators.D2F, FH, 0);
    }

    /** Training-mode forward; see {@link VectorBatchNorm#training}. gs/bs may be null (no affine). */
    static void training(MemorySegment xs, long xo, MemorySegment ys, long yo, MemorySegment ms, long mo,
                         MemorySegment is, long io, MemorySegment gs, long go, MemorySegment bs, long bo,
                         int n, int c, float eps, Parallel par) {
        double count = n;
        long blocks = (c + W - 1) / W;
        par.forRange(blocks, rowGrain((long) n * W), (from, to) -> {
            for (long blk = from; blk < to; blk++) {
                int c0 = (int) blk * W;
                if (c0 + W <= c) {
                    trainingBlock(xs, xo, ys, yo, ms, mo, is, io, gs, go, bs, bo, n, c, c0, count, eps);
                } else {
                    for (int ch = c0; ch < c; ch++) {
                        VectorBatchNorm.trainingChannel(xs, xo, ys, yo, ms, mo, is, io, gs, go, bs, bo, n, c, 1, ch, count,
                                eps);
                    }
                }
            }
        });
    }

    private static void trainingBlock(MemorySegment xs, long xo, MemorySegment ys, long yo, MemorySegment ms, long mo,
                                      MemorySegment is, long io, MemorySegment gs, long go, MemorySegment bs, long bo,
                                      int n, int c, int c0, double count, float eps) {
        DoubleVector s = DoubleVector.zero(D);
        for (long b = 0; b < n; b++) s = s.add(widen(loadF(xs, xo + b * c + c0)));
        FloatVector mu = narrow(s.div(count));
        DoubleVector sq = DoubleVector.zero(D);
        for (long b = 0; b < n; b++) {
            FloatVector d = loadF(xs, xo + b * c + c0).sub(mu);
            sq = sq.add(widen(d.mul(d)));
        }
        DoubleVector inv = DoubleVector.broadcast(D, 1.0).div(sq.div(count).add(eps).sqrt());
        mu.intoMemorySegment(ms, (mo + c0) << 2, ORDER);
        narrow(inv).intoMemorySegment(is, (io + c0) << 2, ORDER);
        DoubleVector ga = gs == null ? DoubleVector.broadcast(D, 1.0) : widen(loadF(gs, go + c0));
        FloatVector a = narrow(inv.mul(ga));
        FloatVector bb = bs == null ? FloatVector.zero(FH) : loadF(bs, bo + c0);
        for (long b = 0; b < n; b++) {
            long at = b * c + c0;
            loadF(xs, xo + at).sub(mu).fma(a, bb).intoMemorySegment(ys, (yo + at) << 2, ORDER);
        }
    }

    /** Backward; see {@link VectorBatchNorm#backward}. gms, ggs and gbs may be null. */
    static void backward(MemorySegment xs, long xo, MemorySegment gys, long gyo, MemorySegment ms, long mo,
                         MemorySegment is, long io, MemorySegment gxs, long gxo, MemorySegment gms, long gmo,
                         MemorySegment ggs, long ggo, MemorySegment gbs, long gbo, int n, int c, Parallel par) {
        double count = n;
        long blocks = (c + W - 1) / W;
        par.forRange(blocks, rowGrain((long) n * W), (from, to) -> {
            for (long blk = from; blk < to; blk++) {
                int c0 = (int) blk * W;
                if (c0 + W <= c) {
                    backwardBlock(xs, xo, gys, gyo, ms, mo, is, io, gxs, gxo, gms, gmo, ggs, ggo, gbs, gbo, n, c, c0,
                            count);
                } else {
                    for (int ch = c0; ch < c; ch++) {
                        VectorBatchNorm.backwardChannel(xs, xo, gys, gyo, ms, mo, is, io, gxs, gxo, gms, gmo, ggs, ggo,
                                gbs, gbo, n, c, 1, ch, count);
                    }
                }
            }
        });
    }

    private static void backwardBlock(MemorySegment xs, long xo, MemorySegment gys, long gyo, MemorySegment ms, long mo,
                                      MemorySegment is, long io, MemorySegment gxs, long gxo, MemorySegment gms,
                                      long gmo, MemorySegment ggs, long ggo, MemorySegment gbs, long gbo, int n, int c,
                                      int c0, double count) {
        FloatVector mu = loadF(ms, mo + c0);
        FloatVector invF = loadF(is, io + c0);
        DoubleVector sumG = DoubleVector.zero(D);
        DoubleVector sumGXm = DoubleVector.zero(D);
        for (long b = 0; b < n; b++) {
            long at = b * c + c0;
            FloatVector g = loadF(gys, gyo + at);
            sumG = sumG.add(widen(g));
            sumGXm = sumGXm.add(widen(loadF(xs, xo + at).sub(mu).mul(g)));
        }
        DoubleVector inv = widen(invF);
        DoubleVector sumGX = sumGXm.mul(inv);
        if (ggs != null) narrow(sumGX).intoMemorySegment(ggs, (ggo + c0) << 2, ORDER);
        if (gbs != null) narrow(sumG).intoMemorySegment(gbs, (gbo + c0) << 2, ORDER);
        DoubleVector ga = gms == null ? DoubleVector.broadcast(D, 1.0) : widen(loadF(gms, gmo + c0));
        DoubleVector k = ga.mul(inv).div(count);
        FloatVector a = narrow(k.mul(count));
        FloatVector bx = narrow(k.neg().mul(inv).mul(sumGX));
        FloatVector d = narrow(k.neg().mul(sumG));
        for (long b = 0; b < n; b++) {
            long at = b * c + c0;
            loadF(gys, gyo + at).fma(a, loadF(xs, xo + at).sub(mu).fma(bx, d))
                    .intoMemorySegment(gxs, (gxo + at) << 2, ORDER);
        }
    }
}
