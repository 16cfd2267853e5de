package dev.jnn.core.spi;

/** The inputs an element-wise op is defined on, part of its definition: what tests may feed it. */
public enum Domain {
    /** Any finite value. */
    REAL,
    /** Positive values only (logarithm, square root, reciprocal, a divisor, a power's base). */
    POSITIVE
}
