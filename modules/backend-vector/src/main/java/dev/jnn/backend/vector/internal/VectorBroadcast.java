package dev.jnn.backend.vector.internal;

import static dev.jnn.backend.vector.internal.ViewMemory.off;
import static dev.jnn.backend.vector.internal.ViewMemory.seg;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.rowGrain;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;

import dev.jnn.backend.vector.internal.kernels.Binary;
import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.core.Shape;
import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.TensorView;
import java.lang.foreign.MemorySegment;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Binary operators ({@link #OPS}) with broadcasting. Fast paths, in order: equal shapes; a
 * one-element operand; a row vector over the rows of a matrix ([N,C] op [C], the bias add); one
 * value per channel ([N,C,H,W] op [1,C,1,1]); then a general loop over rows of the collapsed
 * broadcast shape. The kernels package's ops ({@link Binary#OPS}: ADD, SUB, MUL, DIV, MAX, MIN) use
 * its loops; POW and the comparisons use {@link VectorBinaryLoops}.
 */
final class VectorBroadcast {
    /**
     * The binary ops {@link #binary} and {@link #binaryScalar} run: the backend passes the others to
     * the reference kernel. Written out, not {@code allOf}: an op added to {@link BinaryOp} has no
     * kernel here until one is written.
     */
    static final Set<BinaryOp> OPS = Collections.unmodifiableSet(EnumSet.of(BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL,
            BinaryOp.DIV, BinaryOp.MAX, BinaryOp.MIN, BinaryOp.POW, BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE,
            BinaryOp.GT, BinaryOp.GE));

    private VectorBroadcast() {
    }

    static void binaryScalar(BinaryOp op, TensorView a, float s, TensorView out, Parallel par) {
        MemorySegment as = seg(a), os = seg(out);
        long ao = off(a), oo = off(out);
        if (Binary.OPS.contains(op)) {
            Binary.applyScalar(op, as, ao, s, os, oo, out.numel(), par);
        } else {
            par.forElements(out.numel(), (from, to) -> VectorBinaryLoops.vs(op, as, ao + from, s, os, oo + from, to - from));
        }
    }

    static void binary(BinaryOp op, TensorView a, TensorView b, TensorView out, Parallel par) {
        Shape s = out.shape();
        boolean aFull = a.shape().equals(s);
        boolean bFull = b.shape().equals(s);
        if (aFull && bFull) {
            same(op, a, b, out, par);
        } else if (b.numel() == 1) {
            binaryScalar(op, a, get(seg(b), off(b)), out, par);
        } else if (a.numel() == 1) {
            scalarLeft(op, get(seg(a), off(a)), b, out, par);
        } else if (aFull && channel(b, s) >= 0) {
            perChannel(op, a, b, channel(b, s), out, par);
        } else if (bFull && commutative(op) && channel(a, s) >= 0) {
            perChannel(op, b, a, channel(a, s), out, par);
        } else {
            general(op, a, b, out, par);
        }
    }

    private static boolean commutative(BinaryOp op) {
        return switch (op) {
            case ADD, MUL, MAX, MIN, EQ, NE -> true;
            default -> false;
        };
    }

    private static void same(BinaryOp op, TensorView a, TensorView b, TensorView out, Parallel par) {
        MemorySegment as = seg(a), bs = seg(b), os = seg(out);
        long ao = off(a), bo = off(b), oo = off(out);
        if (Binary.OPS.contains(op)) {
            Binary.apply(op, as, ao, bs, bo, os, oo, out.numel(), par);
        } else {
            par.forElements(out.numel(), (from, to) ->
                    VectorBinaryLoops.vv(op, as, ao + from, bs, bo + from, os, oo + from, to - from));
        }
    }

    private static void scalarLeft(BinaryOp op, float s, TensorView b, TensorView out, Parallel par) {
        MemorySegment bs = seg(b), os = seg(out);
        long bo = off(b), oo = off(out);
        if (Binary.OPS.contains(op)) {
            Binary.applyScalarLeft(op, s, bs, bo, os, oo, out.numel(), par);
        } else {
            par.forElements(out.numel(), (from, to) -> VectorBinaryLoops.sv(op, s, bs, bo + from, os, oo + from, to - from));
        }
    }

    /**
     * The dimension of {@code s} along which {@code v} varies when every other dimension of
     * {@code v} (aligned to the right) is 1, or -1. The last dimension makes {@code v} a row vector.
     */
    static int channel(TensorView v, Shape s) {
        int shift = s.rank() - v.rank();
        int found = -1;
        for (int i = 0; i < v.rank(); i++) {
            if (v.size(i) != 1) {
                if (found >= 0 || v.size(i) != s.size(i + shift)) return -1;
                found = i + shift;
            }
        }
        return found;
    }

    /** {@code out = full op v} where v holds one value per index of dimension {@code dim} of out. */
    private static void perChannel(BinaryOp op, TensorView full, TensorView v, int dim, TensorView out, Parallel par) {
        Shape s = out.shape();
        int c = s.size(dim);
        long inner = s.inner(dim);
        long rows = s.outer(dim) * c;
        MemorySegment fs = seg(full), vs = seg(v), os = seg(out);
        long fo = off(full), vo = off(v), oo = off(out);
        boolean kernel = Binary.OPS.contains(op);
        if (inner == 1) {
            // A row vector of length c over s.outer(dim) rows: the bias add.
            if (kernel && rows / c <= Integer.MAX_VALUE) {
                Binary.applyRows(op, fs, fo, (int) (rows / c), c, vs, vo, os, oo, par);
            } else {
                par.forRange(rows / c, rowGrain(c), (from, to) -> {
                    for (long r = from; r < to; r++) VectorBinaryLoops.vv(op, fs, fo + r * c, vs, vo, os, oo + r * c, c);
                });
            }
        } else if (kernel && rows <= Integer.MAX_VALUE && inner <= Integer.MAX_VALUE) {
            Binary.applyColumns(op, fs, fo, (int) rows, (int) inner, vs, vo, c, os, oo, par);
        } else {
            par.forRange(rows, rowGrain(inner), (from, to) -> {
                for (long r = from; r < to; r++) {
                    VectorBinaryLoops.vs(op, fs, fo + r * inner, get(vs, vo + r % c), os, oo + r * inner, inner);
                }
            });
        }
    }

    /**
     * Any broadcast: dimensions of size 1 are dropped and neighbours that both operands traverse
     * contiguously are merged, leaving rows whose innermost stride is 0 or 1 for each operand.
     */
    private static void general(BinaryOp op, TensorView a, TensorView b, TensorView out, Parallel par) {
        Shape s = out.shape();
        long[] as = a.shape().broadcastStrides(s);
        long[] bs = b.shape().broadcastStrides(s);
        int rank = s.rank();
        long[] dims = new long[rank];
        long[] sa = new long[rank];
        long[] sb = new long[rank];
        int r = 0;
        for (int d = 0; d < rank; d++) {
            int n = s.size(d);
            if (n == 1) continue;
            if (r > 0 && sa[r - 1] == as[d] * n && sb[r - 1] == bs[d] * n) {
                dims[r - 1] *= n;
                sa[r - 1] = as[d];
                sb[r - 1] = bs[d];
            } else {
                dims[r] = n;
                sa[r] = as[d];
                sb[r] = bs[d];
                r++;
            }
        }
        MemorySegment ase = seg(a), bse = seg(b), os = seg(out);
        long ao = off(a), bo = off(b), oo = off(out);
        if (r == 0) {
            set(os, oo, op.apply(get(ase, ao), get(bse, bo)));
            return;
        }
        int outerRank = r - 1;
        long inner = dims[outerRank];
        long ia = sa[outerRank];
        long ib = sb[outerRank];
        long rows = out.numel() / inner;
        // An operand's innermost kept dimension is either broadcast or its own last one.
        assert (ia == 0 || ia == 1) && (ib == 0 || ib == 1) : "inner strides " + ia + ", " + ib;
        par.forRange(rows, rowGrain(inner), (from, to) -> {
            for (long row = from; row < to; row++) {
                long pa = ao;
                long pb = bo;
                long rest = row;
                for (int d = outerRank - 1; d >= 0; d--) {
                    long i = rest % dims[d];
                    rest /= dims[d];
                    pa += i * sa[d];
                    pb += i * sb[d];
                }
                long po = oo + row * inner;
                if (ia != 0 && ib != 0) {
                    VectorBinaryLoops.vv(op, ase, pa, bse, pb, os, po, inner);
                } else if (ia != 0) {
                    VectorBinaryLoops.vs(op, ase, pa, get(bse, pb), os, po, inner);
                } else if (ib != 0) {
                    VectorBinaryLoops.sv(op, get(ase, pa), bse, pb, os, po, inner);
                } else {
                    float v = op.apply(get(ase, pa), get(bse, pb));
                    for (long i = 0; i < inner; i++) set(os, po + i, v);
                }
            }
        });
    }
}
