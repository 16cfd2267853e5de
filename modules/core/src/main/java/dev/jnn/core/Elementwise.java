package dev.jnn.core;

import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.UnaryOp;

/** Element-wise operations with their gradients. */
final class Elementwise {
    private Elementwise() {
    }

    static Tensor unary(UnaryOp op, Tensor x) {
        Backend b = x.backend();
        Tensor out = x.newEmpty(x.shape());
        b.unary(op, x, out);
        if (!op.hasGradient()) return out;
        return Node.record(op.name().toLowerCase() + "Backward", out, g -> {
            Tensor gx = x.newEmpty(x.shape());
            b.unaryBackward(op, x, out, g, gx);
            return new Tensor[] {gx};
        }, x);
    }

    static Tensor unaryCopy(Tensor x) {
        Tensor out = x.newEmpty(x.shape());
        x.backend().copy(x, out);
        return Node.record("CloneBackward", out, g -> new Tensor[] {g}, x);
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        checkSameBackend(op.name().toLowerCase(), a, b);
        Shape shape = Shape.broadcast(op.name().toLowerCase(), a.shape(), b.shape());
        Tensor out = a.newEmpty(shape);
        a.backend().binary(op, a, b, out);
        if (op.isComparison()) return out;
        return Node.record(op.name().toLowerCase() + "Backward", out, g -> binaryGrads(op, a, b, out, g), a, b);
    }

    private static Tensor[] binaryGrads(BinaryOp op, Tensor a, Tensor b, Tensor out, Tensor g) {
        boolean ga = a.requiresGrad();
        boolean gb = b.requiresGrad();
        return switch (op) {
            case ADD -> new Tensor[] {ga ? sumTo(g, a.shape()) : null, gb ? sumTo(g, b.shape()) : null};
            case SUB -> new Tensor[] {ga ? sumTo(g, a.shape()) : null, gb ? sumTo(g.neg(), b.shape()) : null};
            case MUL -> new Tensor[] {ga ? sumTo(g.mul(b), a.shape()) : null, gb ? sumTo(g.mul(a), b.shape()) : null};
            case DIV -> new Tensor[] {ga ? sumTo(g.div(b), a.shape()) : null,
                    gb ? sumTo(g.mul(out).div(b).neg(), b.shape()) : null};
            case MAX, MIN -> {
                // The gradient goes to a where a wins (ties go to a), else to b.
                Tensor aWins = op == BinaryOp.MAX ? a.ge(b) : a.le(b);
                Tensor gaFull = g.mul(aWins);
                yield new Tensor[] {ga ? sumTo(gaFull, a.shape()) : null, gb ? sumTo(g.sub(gaFull), b.shape()) : null};
            }
            case POW -> new Tensor[] {
                    ga ? sumTo(g.mul(b).mul(binary(BinaryOp.POW, a, b.sub(1f))), a.shape()) : null,
                    gb ? sumTo(g.mul(out).mul(a.log()), b.shape()) : null};
            default -> throw new IllegalStateException("no gradient for " + op);
        };
    }

    static Tensor scalar(BinaryOp op, Tensor a, float s) {
        Tensor out = a.newEmpty(a.shape());
        a.backend().binaryScalar(op, a, s, out);
        if (op.isComparison()) return out;
        return Node.record(op.name().toLowerCase() + "ScalarBackward", out, g -> new Tensor[] {switch (op) {
            case ADD, SUB -> g;
            case MUL -> g.mul(s);
            case DIV -> g.div(s);
            case POW -> g.mul(a.pow(s - 1f)).mul(s);
            case MAX -> g.mul(a.ge(Tensor.full(a.backend(), Shape.of(), s)));
            case MIN -> g.mul(a.le(Tensor.full(a.backend(), Shape.of(), s)));
            default -> throw new IllegalStateException("no gradient for " + op);
        }}, a);
    }

    /** Sums a broadcast gradient back down to {@code shape}. */
    static Tensor sumTo(Tensor g, Shape shape) {
        if (g.shape().equals(shape)) return g;
        Tensor out = g.newEmpty(shape);
        g.backend().sumToShape(g, out);
        return out;
    }

    static void checkSameShape(String op, Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException(op + ": shapes " + a.shape() + " and " + b.shape() + " differ");
        }
    }

    static void checkSameBackend(String op, Tensor a, Tensor b) {
        if (a.backend() != b.backend()) {
            throw new IllegalArgumentException(op + ": tensors live on different backends (" + a.backend().name()
                    + ", " + b.backend().name() + "); move one with to(backend)");
        }
    }
}
