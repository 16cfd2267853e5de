package dev.jnn.core.spi;

import java.util.EnumSet;
import java.util.Set;

/**
 * Element-wise kernels. See {@link Backend} for the contract.
 *
 * <p>The defaults are the reference kernels ({@code ElementwiseReference}, beside this interface): scalar Java on
 * host copies, correct but slow; a backend overrides what it can do better.
 */
public interface ElementwiseOps extends MemoryOps {
    /**
     * The unary ops that {@link #unary} and {@link #unaryBackward} run with this backend's own
     * kernels; for the others they run the reference kernel ({@code jnn backends --ops} lists both).
     * None by default: a backend that overrides those two methods names here the ops it covers, and
     * passes the others to {@code ElementwiseOps.super}.
     */
    default Set<UnaryOp> ownUnaryKernels() {
        return EnumSet.noneOf(UnaryOp.class);
    }

    /** As {@link #ownUnaryKernels()}, for {@link #binary} and {@link #binaryScalar}. */
    default Set<BinaryOp> ownBinaryKernels() {
        return EnumSet.noneOf(BinaryOp.class);
    }

    /** {@code out[i] = value}. */
    default void fill(TensorView out, float value) {
        ElementwiseReference.fill(this, out, value);
    }

    /** {@code out[i] = src[i]}; both have the same number of elements. */
    default void copy(TensorView src, TensorView out) {
        ElementwiseReference.copy(this, src, out);
    }

    /** {@code out[i] = op(x[i])}. */
    default void unary(UnaryOp op, TensorView x, TensorView out) {
        ElementwiseReference.unary(this, op, x, out);
    }

    /** {@code gradIn[i] = op'(x[i], y[i]) * gradOut[i]} where {@code y = op(x)}. */
    default void unaryBackward(UnaryOp op, TensorView x, TensorView y, TensorView gradOut, TensorView gradIn) {
        ElementwiseReference.unaryBackward(this, op, x, y, gradOut, gradIn);
    }

    /** {@code out = op(a, b)} with broadcasting; {@code out} has the broadcast shape. */
    default void binary(BinaryOp op, TensorView a, TensorView b, TensorView out) {
        ElementwiseReference.binary(this, op, a, b, out);
    }

    /** {@code out[i] = op(a[i], s)}. */
    default void binaryScalar(BinaryOp op, TensorView a, float s, TensorView out) {
        ElementwiseReference.binaryScalar(this, op, a, s, out);
    }

    /** In place: {@code y[i] += alpha * x[i]}; same number of elements. */
    default void axpy(float alpha, TensorView x, TensorView y) {
        ElementwiseReference.axpy(this, alpha, x, y);
    }

    /** {@code out[i] = x[i] > 0 ? x[i] : slope... }: a dropout mask times scale: {@code out = x * mask * scale}. */
    default void dropout(TensorView x, TensorView mask, float scale, TensorView out) {
        ElementwiseReference.dropout(this, x, mask, scale, out);
    }
}
