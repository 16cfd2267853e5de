package dev.jnn.core.spi;

import dev.jnn.core.Tensor;
import dev.jnn.core.internal.reference.ReferenceKernels;

/** Matrix products. See {@link Backend} for the contract. */
public interface MatmulOps {
    /**
     * {@code c = alpha * op(a) * op(b) + beta * c}, where op transposes the last two dimensions when
     * asked. 2-d operands, or 3-d with a batch dimension (a 2-d operand is shared by every batch).
     * {@code c} is read when {@code beta != 0}.
     */
    default void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        ReferenceKernels.gemm((Backend) this, transA, transB, alpha, a, b, beta, c);
    }

    /**
     * A fully connected layer: {@code y[N,out] = x[N,in] * w[out,in]^T + bias[out]}, then ReLU when
     * {@code relu}. {@code bias} may be null.
     */
    default void linear(Tensor x, Tensor w, Tensor bias, boolean relu, Tensor y) {
        Backend b = (Backend) this;
        b.gemm(false, true, 1f, x, w, 0f, y);
        if (bias != null) b.binary(BinaryOp.ADD, y, bias, y);
        if (relu) b.unary(UnaryOp.RELU, y, y);
    }
}
