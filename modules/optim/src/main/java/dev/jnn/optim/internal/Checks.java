package dev.jnn.optim.internal;

import dev.jnn.optim.ParamGroup;

/** Hyper-parameter checks whose messages name the optimizer, the value's name, its range and the value. */
public final class Checks {
    private Checks() {
    }

    /** {@code key >= min}. */
    public static void atLeast(String opt, ParamGroup g, String key, double min) {
        double v = g.number(key);
        if (!(v >= min)) throw bad(opt, key, "must be >= " + fmt(min), v);
    }

    /** {@code key > 0}. */
    public static void positive(String opt, ParamGroup g, String key) {
        double v = g.number(key);
        if (!(v > 0)) throw bad(opt, key, "must be > 0", v);
    }

    /** {@code 0 <= key < 1}. */
    public static void unitOpen(String opt, ParamGroup g, String key) {
        double v = g.number(key);
        if (!(v >= 0 && v < 1)) throw bad(opt, key, "must be in [0, 1)", v);
    }

    /** {@code 0 <= key <= 1}. */
    public static void unitClosed(String opt, ParamGroup g, String key) {
        double v = g.number(key);
        if (!(v >= 0 && v <= 1)) throw bad(opt, key, "must be in [0, 1]", v);
    }

    /** A positive whole number. */
    public static void positiveInt(String opt, ParamGroup g, String key) {
        double v = g.number(key);
        if (!(v >= 1 && v == Math.rint(v))) throw bad(opt, key, "must be a whole number >= 1", v);
    }

    /** The learning rate was given (PyTorch's {@code lr=required}). */
    public static void required(String opt, ParamGroup g, String key) {
        if (!g.has(key)) {
            throw new IllegalArgumentException(opt + ": " + key + " is required and has no default; set it on the builder");
        }
    }

    /** A failed check. */
    public static IllegalArgumentException bad(String opt, String key, String rule, double value) {
        return new IllegalArgumentException(opt + ": " + key + " " + rule + ", got " + fmt(value));
    }

    /** 1.0 prints as 1, 0.5 as 0.5. */
    public static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
