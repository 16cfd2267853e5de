package dev.jnn.nn;

import dev.jnn.core.Tensor;

/**
 * Maxout (seed 003): k linear pieces per output unit, keeping the largest.
 * {@code z = linear(x)} with {@code linear = Linear(in, out·k)}; {@code y[n, i] = max_j z[n, i·k + j]},
 * i.e. {@code z.view(N, out, k).max(-1)}. The gradient flows to the winning piece.
 */
public final class Maxout extends Layer {
    private final int out;
    private final int pieces;
    private final Linear linear;

    /** {@code in} inputs, {@code out} units of {@code pieces} pieces each. */
    public Maxout(int in, int out, int pieces) {
        Parameters.checkPositive("Maxout", "pieces", pieces);
        this.out = out;
        this.pieces = pieces;
        this.linear = registerLayer("linear", new Linear(in, out * pieces));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor z = linear.call(x);
        return z.reshape(z.size(0), out, pieces).max(-1, false);
    }

    @Override
    protected String extraRepr() {
        return "out_features=" + out + ", pieces=" + pieces;
    }
}
