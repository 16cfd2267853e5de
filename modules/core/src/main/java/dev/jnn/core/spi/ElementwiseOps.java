package dev.jnn.core.spi;

import dev.jnn.core.Tensor;
import dev.jnn.core.internal.reference.ReferenceKernels;

/** Element-wise kernels. See {@link Backend} for the contract. */
public interface ElementwiseOps {
    /** {@code out[i] = value}. */
    default void fill(Tensor out, float value) {
        ReferenceKernels.fill((Backend) this, out, value);
    }

    /** {@code out[i] = src[i]}; both have the same number of elements. */
    default void copy(Tensor src, Tensor out) {
        ReferenceKernels.copy((Backend) this, src, out);
    }

    /** {@code out[i] = op(x[i])}. */
    default void unary(UnaryOp op, Tensor x, Tensor out) {
        ReferenceKernels.unary((Backend) this, op, x, out);
    }

    /** {@code gradIn[i] = op'(x[i], y[i]) * gradOut[i]} where {@code y = op(x)}. */
    default void unaryBackward(UnaryOp op, Tensor x, Tensor y, Tensor gradOut, Tensor gradIn) {
        ReferenceKernels.unaryBackward((Backend) this, op, x, y, gradOut, gradIn);
    }

    /** {@code out = op(a, b)} with broadcasting; {@code out} has the broadcast shape. */
    default void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        ReferenceKernels.binary((Backend) this, op, a, b, out);
    }

    /** {@code out[i] = op(a[i], s)}. */
    default void binaryScalar(BinaryOp op, Tensor a, float s, Tensor out) {
        ReferenceKernels.binaryScalar((Backend) this, op, a, s, out);
    }

    /** In place: {@code y[i] += alpha * x[i]}; same number of elements. */
    default void axpy(float alpha, Tensor x, Tensor y) {
        ReferenceKernels.axpy((Backend) this, alpha, x, y);
    }

    /** {@code out[i] = x[i] > 0 ? x[i] : slope... }: a dropout mask times scale: {@code out = x * mask * scale}. */
    default void dropout(Tensor x, Tensor mask, float scale, Tensor out) {
        ReferenceKernels.dropout((Backend) this, x, mask, scale, out);
    }
}
