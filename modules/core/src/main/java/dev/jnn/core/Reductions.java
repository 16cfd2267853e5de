package dev.jnn.core;

import dev.jnn.core.spi.ReduceOp;

/** Reductions with their gradients. */
final class Reductions {
    private Reductions() {
    }

    /** Reduces every element to a 0-d tensor. */
    static Tensor all(ReduceOp op, Tensor x) {
        if (x.numel() == 0 && op != ReduceOp.SUM) {
            throw new IllegalArgumentException(op.name().toLowerCase() + ": empty tensor " + x.shape());
        }
        Tensor flat = x.detach().reshape(1, (int) x.numel());
        Tensor out = x.newEmpty(Shape.of());
        x.backend().reduce(op, flat, 1, out);
        return Node.record(op.name().toLowerCase() + "Backward", out, g -> new Tensor[] {
                gradient(op, x, flat, 1, g.reshape(1, 1)).reshape(x.shape().dims())}, x);
    }

    /** Reduces along {@code dim}, keeping it as size 1 when {@code keepDim}. */
    static Tensor along(ReduceOp op, Tensor x, int dim, boolean keepDim) {
        int d = x.shape().normalize(dim);
        if (x.size(d) == 0) {
            throw new IllegalArgumentException(op.name().toLowerCase() + ": dimension " + dim + " of " + x.shape() + " is empty");
        }
        Shape kept = x.shape().with(d, 1);
        Tensor out = x.newEmpty(keepDim ? kept : x.shape().without(d));
        x.backend().reduce(op, x, d, out);
        if (op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN) return out;
        return Node.record(op.name().toLowerCase() + "DimBackward", out, g -> new Tensor[] {
                gradient(op, x, x, d, g.reshape(kept.dims()))}, x);
    }

    /** The gradient of {@code op} over {@code dim} of {@code in} (shaped like x), given g with dim kept as 1. */
    private static Tensor gradient(ReduceOp op, Tensor x, Tensor in, int dim, Tensor g) {
        return switch (op) {
            case SUM -> Views.expand(g, in.shape());
            case MEAN -> Views.expand(g, in.shape()).div(in.size(dim));
            case MAX, MIN -> {
                ReduceOp arg = op == ReduceOp.MAX ? ReduceOp.ARGMAX : ReduceOp.ARGMIN;
                Tensor index = in.newEmpty(g.shape());
                in.backend().reduce(arg, in.detach(), dim, index);
                Tensor gx = in.zerosLike();
                in.backend().scatterAdd(g, dim, index, gx);
                yield gx;
            }
            default -> throw new IllegalStateException("no gradient for " + op);
        };
    }
}
