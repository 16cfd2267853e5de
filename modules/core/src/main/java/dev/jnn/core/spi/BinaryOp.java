package dev.jnn.core.spi;

/**
 * Element-wise functions of two tensors (with broadcasting), each defined here once: its scalar
 * function (the reference kernel and every backend's specification) and the same as a C
 * expression of {@code a} and {@code b}, from which native backends generate their kernels.
 * Comparisons give 1 or 0 and have no gradient; the others' gradients are tensor expressions in
 * core's autograd ({@code Elementwise}), which run on any backend's own kernels.
 */
public enum BinaryOp {
    /** {@code a + b}. */
    ADD("a + b", Domain.REAL, Domain.REAL),
    /** {@code a - b}. */
    SUB("a - b", Domain.REAL, Domain.REAL),
    /** {@code a * b}. */
    MUL("a * b", Domain.REAL, Domain.REAL),
    /** {@code a / b}. */
    DIV("a / b", Domain.REAL, Domain.POSITIVE),
    /** The larger; NaN if either is NaN (as {@link Math#max}). */
    MAX("(a != a || b != b) ? __int_as_float(0x7fc00000) : fmaxf(a, b)", Domain.REAL, Domain.REAL),
    /** The smaller; NaN if either is NaN (as {@link Math#min}). */
    MIN("(a != a || b != b) ? __int_as_float(0x7fc00000) : fminf(a, b)", Domain.REAL, Domain.REAL),
    /** {@code a} to the power {@code b}. */
    POW("powf(a, b)", Domain.POSITIVE, Domain.REAL),
    /** 1 where equal, else 0. */
    EQ("a == b ? 1.0f : 0.0f", Domain.REAL, Domain.REAL),
    /** 1 where not equal, else 0. */
    NE("a != b ? 1.0f : 0.0f", Domain.REAL, Domain.REAL),
    /** 1 where {@code a < b}, else 0. */
    LT("a < b ? 1.0f : 0.0f", Domain.REAL, Domain.REAL),
    /** 1 where {@code a <= b}, else 0. */
    LE("a <= b ? 1.0f : 0.0f", Domain.REAL, Domain.REAL),
    /** 1 where {@code a > b}, else 0. */
    GT("a > b ? 1.0f : 0.0f", Domain.REAL, Domain.REAL),
    /** 1 where {@code a >= b}, else 0. */
    GE("a >= b ? 1.0f : 0.0f", Domain.REAL, Domain.REAL);

    private final String cExpression;
    private final Domain domainA;
    private final Domain domainB;

    BinaryOp(String cExpression, Domain domainA, Domain domainB) {
        this.cExpression = cExpression;
        this.domainA = domainA;
        this.domainB = domainB;
    }

    /** The scalar definition, used by the reference kernels and as every backend's specification. */
    public float apply(float a, float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case POW -> (float) Math.pow(a, b);
            case EQ -> a == b ? 1f : 0f;
            case NE -> a != b ? 1f : 0f;
            case LT -> a < b ? 1f : 0f;
            case LE -> a <= b ? 1f : 0f;
            case GT -> a > b ? 1f : 0f;
            case GE -> a >= b ? 1f : 0f;
        };
    }

    /** True for the comparisons, which have no gradient. */
    public boolean isComparison() {
        return switch (this) {
            case EQ, NE, LT, LE, GT, GE -> true;
            default -> false;
        };
    }

    /** Where the first operand is defined. */
    public Domain domainA() {
        return domainA;
    }

    /** Where the second operand is defined. */
    public Domain domainB() {
        return domainB;
    }

    /**
     * {@link #apply} as a C expression of the floats {@code a} and {@code b} (CUDA C's
     * single-precision math allowed), for backends that generate native kernels.
     */
    public String cExpression() {
        return cExpression;
    }
}
