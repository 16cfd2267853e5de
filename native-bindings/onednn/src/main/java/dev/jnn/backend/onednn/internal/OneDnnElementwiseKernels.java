package dev.jnn.backend.onednn.internal;

import dev.jnn.core.Shape;
import dev.jnn.core.spi.TensorView;
import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.HostAllocator;
import dev.jnn.core.spi.MemoryBlock;
import dev.jnn.core.spi.ReduceOp;
import dev.jnn.core.spi.UnaryOp;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The element-wise and reduction kernels of {@link OneDnnBackend} on oneDNN's eltwise, binary and
 * reduction primitives. Each returns false, having done nothing, when oneDNN cannot do that op or
 * case; the backend then runs the vector backend's kernel.
 */
final class OneDnnElementwiseKernels {
    private final OneDnnOps ops;
    private final HostAllocator allocator;

    OneDnnElementwiseKernels(OneDnnOps ops, HostAllocator allocator) {
        this.ops = ops;
        this.allocator = allocator;
    }

    private static void copy(TensorView src, TensorView out) {
        MemorySegment.copy(src.segment(), 0, out.segment(), 0, out.numel() * Float.BYTES);
    }

    /** The oneDNN eltwise function for {@code op}, or null where this backend maps none. */
    static OneDnnEltwise.Function eltwise(UnaryOp op) {
        return switch (op) {
            case NEG -> OneDnnEltwise.Function.NEG;
            case EXP -> OneDnnEltwise.Function.EXP;
            case LOG -> OneDnnEltwise.Function.LOG;
            case SQRT -> OneDnnEltwise.Function.SQRT;
            case ABS -> OneDnnEltwise.Function.ABS;
            case SQUARE -> OneDnnEltwise.Function.SQUARE;
            case RECIPROCAL -> OneDnnEltwise.Function.RECIPROCAL;
            case RELU -> OneDnnEltwise.Function.RELU;
            case SIGMOID -> OneDnnEltwise.Function.SIGMOID;
            case TANH -> OneDnnEltwise.Function.TANH;
            case SIGN -> null;   // oneDNN has no sign function
            default -> null;     // an op not mapped to oneDNN yet
        };
    }

    boolean unary(UnaryOp op, TensorView x, TensorView out) {
        OneDnnEltwise.Function f = eltwise(op);
        if (f == null) return false;
        ops.eltwise().forward(f, x.numel(), x.segment(), out.segment());
        return true;
    }

    boolean unaryBackward(UnaryOp op, TensorView x, TensorView y, TensorView gradOut, TensorView gradIn) {
        OneDnnEltwise.Function f = eltwise(op);
        if (f == null) return false;
        TensorView data = f.backwardUsesOutput ? y : x;
        ops.eltwise().backward(f, x.numel(), data.segment(), gradOut.segment(), gradIn.segment());
        return true;
    }

    /** oneDNN broadcasts only its second operand: runs when one operand has the output's shape. */
    boolean binary(BinaryOp op, TensorView a, TensorView b, TensorView out) {
        Shape so = out.shape();
        int alg = Broadcast.binaryAlg(op);
        if (alg == 0 || so.rank() > OneDnnBinary.MAX_RANK || out.numel() == 0) return false;
        int r = so.rank();
        if (a.shape().equals(so) && Broadcast.broadcastsTo(b.shape(), so)) {
            ops.binary().binary(alg, Broadcast.dims(so, r), a.segment(), Broadcast.dims(b.shape(), r), b.segment(),
                    out.segment());
            return true;
        }
        BinaryOp swapped = Broadcast.swapped(op);
        if (swapped != null && b.shape().equals(so) && Broadcast.broadcastsTo(a.shape(), so)) {
            ops.binary().binary(Broadcast.binaryAlg(swapped), Broadcast.dims(so, r), b.segment(),
                    Broadcast.dims(a.shape(), r), a.segment(), out.segment());
            return true;
        }
        return false;
    }

    /** {@code out = op(a, s)} as a binary op whose second operand is one broadcast float. */
    boolean binaryScalar(BinaryOp op, TensorView a, float s, TensorView out) {
        int alg = Broadcast.binaryAlg(op);
        if (alg == 0 || a.numel() == 0) return false;
        MemoryBlock scalar = allocator.allocate(Float.BYTES);
        try {
            scalar.segment().set(ValueLayout.JAVA_FLOAT, 0, s);
            ops.binary().binary(alg, new long[] {a.numel()}, a.segment(), new long[] {1}, scalar.segment(), out.segment());
        } finally {
            scalar.free();
        }
        return true;
    }

    /**
     * Sum, mean, max or min along {@code dim} when it is the last dimension (inner size 1), seen as
     * [outer, n, 1] reduced to [outer, 1, 1]. Along any other dimension (a bias gradient sums the batch
     * away) it declines: oneDNN has no optimised implementation for reducing an outer dimension and runs
     * {@code ref:any} there, about 1 ms for 64 x 512 -> 512 on an AVX2 core, a third of the mlp's
     * training step on one thread ({@code ONEDNN_VERBOSE}).
     */
    boolean reduce(ReduceOp op, TensorView x, int dim, TensorView out) {
        int alg = Broadcast.reductionAlg(op);
        Shape s = x.shape();
        if (alg == 0 || s.inner(dim) != 1 || s.size(dim) == 0 || x.numel() == 0) return false;
        if (s.size(dim) == 1) {
            copy(x, out);
            return true;
        }
        ops.binary().reduce(alg, new long[] {s.outer(dim), s.size(dim), s.inner(dim)}, x.segment(),
                new long[] {s.outer(dim), 1, s.inner(dim)}, out.segment());
        return true;
    }
}
