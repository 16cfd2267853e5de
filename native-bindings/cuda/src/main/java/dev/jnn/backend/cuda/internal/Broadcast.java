package dev.jnn.backend.cuda.internal;

import dev.jnn.core.Shape;

/**
 * How an operand broadcast to an output shape is indexed by the element-wise kernels: element
 * {@code i} of the output reads element {@code (i / div) % mod} of the operand. That covers every
 * operand whose non-1 dimensions are one contiguous run matching the output's: full tensors,
 * row vectors ({@code [C]} against {@code [N, C]}), columns, per-channel {@code [1, C, 1, 1]} and
 * scalars.
 *
 * @param div the product of the output's dimensions after the operand's run
 * @param mod the operand's element count
 */
record Broadcast(long div, long mod) {
    /**
     * The indexing of {@code operand} against {@code out}.
     *
     * @throws UnsupportedOperationException for a broadcast outside that family, such as {@code [N, 1, W]}
     *                                       against {@code [N, H, W]}
     */
    static Broadcast of(Shape operand, Shape out) {
        int[] o = out.dims();
        int[] a = operand.dims();
        int shift = o.length - a.length;
        int lo = -1, hi = -1;
        boolean runEnded = false;
        for (int d = 0; d < a.length; d++) {
            int od = o[d + shift];
            if (a[d] != od && a[d] != 1) throw new IllegalArgumentException("cannot broadcast " + operand + " to " + out);
            if (od == 1) continue;                     // size-1 output dimensions do not move the index
            if (a[d] == 1) {
                if (lo >= 0) runEnded = true;          // a broadcast dimension after the run
                continue;
            }
            if (runEnded) throw unsupported(operand, out);
            if (lo < 0) lo = d + shift;
            hi = d + shift + 1;
        }
        if (lo < 0) return new Broadcast(1, 1);
        long div = 1;
        for (int d = hi; d < o.length; d++) div *= o[d];
        return new Broadcast(div, operand.numel());
    }

    private static UnsupportedOperationException unsupported(Shape operand, Shape out) {
        return new UnsupportedOperationException("cuda backend: broadcasting " + operand + " to " + out
                + " is not supported (its non-1 dimensions must be one contiguous run of the output's)");
    }
}
