package dev.jnn.tck;

import dev.jnn.core.Generator;
import dev.jnn.core.Shape;

/** How the kit draws one input of an op under test. */
public record Inputs(int[] shape, Kind kind, int bound) {
    /** Value families: away from kinks, strictly positive, or integer indices below {@code bound}. */
    public enum Kind { NORMAL, POSITIVE, INDEX, CONSTANT }

    /** Standard normal values pushed at least 0.05 away from zero (no kink lands in a finite difference). */
    public static Inputs normal(int... shape) {
        return new Inputs(shape, Kind.NORMAL, 0);
    }

    /** Values in [0.5, 2.5). */
    public static Inputs positive(int... shape) {
        return new Inputs(shape, Kind.POSITIVE, 0);
    }

    /** Integer-valued floats in [0, bound), without gradient. */
    public static Inputs index(int bound, int... shape) {
        return new Inputs(shape, Kind.INDEX, bound);
    }

    /** Normal values that take no gradient (e.g. a target). */
    public static Inputs constant(int... shape) {
        return new Inputs(shape, Kind.CONSTANT, 0);
    }

    /** True when the op's gradient with respect to this input is checked. */
    public boolean differentiable() {
        return kind == Kind.NORMAL || kind == Kind.POSITIVE;
    }

    float[] draw(Generator g) {
        int n = Math.toIntExact(Shape.of(shape).numel());
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (kind) {
                case NORMAL, CONSTANT -> {
                    float x = (float) g.nextGaussian();
                    yield x >= 0 ? x + 0.05f : x - 0.05f;
                }
                case POSITIVE -> 0.5f + 2f * g.nextFloat();
                case INDEX -> g.nextInt(bound);
            };
        }
        return v;
    }
}
