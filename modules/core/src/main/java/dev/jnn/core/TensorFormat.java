package dev.jnn.core;

/** PyTorch-like printing of tensors, abbreviated past 6 elements per dimension edge. */
final class TensorFormat {
    private static final int EDGE = 3;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        float[] v = t.toFloatArray();
        StringBuilder sb = new StringBuilder("tensor(");
        if (t.rank() == 0) {
            sb.append(v[0]);
        } else {
            append(sb, v, t.shape().dims(), 0, 0, t.shape().strides());
        }
        if (t.rank() > 1) sb.append(", shape=").append(t.shape());
        if (t.gradFnName() != null) sb.append(", grad_fn=<").append(t.gradFnName()).append('>');
        else if (t.requiresGrad()) sb.append(", requires_grad=True");
        return sb.append(')').toString();
    }

    private static void append(StringBuilder sb, float[] v, int[] dims, int dim, long base, long[] strides) {
        sb.append('[');
        int n = dims[dim];
        for (int i = 0; i < n; i++) {
            if (n > 2 * EDGE && i == EDGE) {
                sb.append("..., ");
                i = n - EDGE;
            }
            long at = base + i * strides[dim];
            if (dim == dims.length - 1) sb.append(String.format("%.4f", v[(int) at]));
            else append(sb, v, dims, dim + 1, at, strides);
            if (i < n - 1) sb.append(", ");
        }
        sb.append(']');
    }
}
