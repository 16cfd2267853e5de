package dev.jnn.core.spi;

/**
 * Matrix products. See {@link Backend} for the contract.
 *
 * <p>The defaults are the reference kernels ({@code MatmulReference}, beside this interface): scalar Java on
 * host copies, correct but slow; a backend overrides what it can do better.
 */
public interface MatmulOps extends ElementwiseOps {
    /**
     * {@code c = alpha * op(a) * op(b) + beta * c}, where op transposes the last two dimensions when
     * asked. 2-d operands, or 3-d with a batch dimension (a 2-d operand is shared by every batch).
     * {@code c} is read when {@code beta != 0}.
     */
    default void gemm(boolean transA, boolean transB, float alpha, TensorView a, TensorView b, float beta, TensorView c) {
        MatmulReference.gemm(this, transA, transB, alpha, a, b, beta, c);
    }

    /**
     * A fully connected layer: {@code y[N,out] = x[N,in] * w[out,in]^T + bias[out]}, then ReLU when
     * {@code relu}. {@code bias} may be null.
     */
    @ComposedDefault
    default void linear(TensorView x, TensorView w, TensorView bias, boolean relu, TensorView y) {
        gemm(false, true, 1f, x, w, 0f, y);
        if (bias != null) binary(BinaryOp.ADD, y, bias, y);
        if (relu) unary(UnaryOp.RELU, y, y);
    }
}
