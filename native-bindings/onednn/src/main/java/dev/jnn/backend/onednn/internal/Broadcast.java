package dev.jnn.backend.onednn.internal;

import dev.jnn.core.Shape;
import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.ReduceOp;

/** Maps jnn's ops and shapes onto oneDNN's binary and reduction primitives. */
final class Broadcast {
    private Broadcast() {
    }

    /** {@code s}'s dimensions right-aligned to {@code rank} (at least 1) with leading 1s, as oneDNN wants. */
    static long[] dims(Shape s, int rank) {
        long[] d = new long[Math.max(1, rank)];
        java.util.Arrays.fill(d, 1);
        int off = d.length - s.rank();
        for (int i = 0; i < s.rank(); i++) d[off + i] = s.size(i);
        return d;
    }

    /** True when {@code small} broadcasts to {@code full} with oneDNN's rules (each dimension equal or 1). */
    static boolean broadcastsTo(Shape small, Shape full) {
        if (small.rank() > full.rank()) return false;
        long[] s = dims(small, full.rank());
        long[] f = dims(full, full.rank());
        for (int i = 0; i < f.length; i++) if (s[i] != f[i] && s[i] != 1) return false;
        return true;
    }

    /** The oneDNN binary algorithm, or 0 where this backend maps none (POW). */
    static int binaryAlg(BinaryOp op) {
        return switch (op) {
            case ADD -> PrimitiveDescCalls.BINARY_ADD;
            case SUB -> PrimitiveDescCalls.BINARY_SUB;
            case MUL -> PrimitiveDescCalls.BINARY_MUL;
            case DIV -> PrimitiveDescCalls.BINARY_DIV;
            case MAX -> PrimitiveDescCalls.BINARY_MAX;
            case MIN -> PrimitiveDescCalls.BINARY_MIN;
            case EQ -> PrimitiveDescCalls.BINARY_EQ;
            case NE -> PrimitiveDescCalls.BINARY_NE;
            case LT -> PrimitiveDescCalls.BINARY_LT;
            case LE -> PrimitiveDescCalls.BINARY_LE;
            case GT -> PrimitiveDescCalls.BINARY_GT;
            case GE -> PrimitiveDescCalls.BINARY_GE;
            case POW -> 0;
            default -> 0;        // an op not mapped to oneDNN yet
        };
    }

    /** The op with its operands swapped, when that is also a oneDNN op ({@code a < b} is {@code b > a}), else null. */
    static BinaryOp swapped(BinaryOp op) {
        return switch (op) {
            case ADD, MUL, MAX, MIN, EQ, NE -> op;
            case LT -> BinaryOp.GT;
            case LE -> BinaryOp.GE;
            case GT -> BinaryOp.LT;
            case GE -> BinaryOp.LE;
            case SUB, DIV, POW -> null;
            default -> null;
        };
    }

    /** The oneDNN reduction algorithm, or 0 when oneDNN has none (ARGMAX, ARGMIN). */
    static int reductionAlg(ReduceOp op) {
        return switch (op) {
            case SUM -> PrimitiveDescCalls.REDUCTION_SUM;
            case MEAN -> PrimitiveDescCalls.REDUCTION_MEAN;
            case MAX -> PrimitiveDescCalls.REDUCTION_MAX;
            case MIN -> PrimitiveDescCalls.REDUCTION_MIN;
            case ARGMAX, ARGMIN -> 0;
        };
    }
}
