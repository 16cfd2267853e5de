package dev.jnn.nn.init;

import dev.jnn.core.Generator;
import dev.jnn.core.Tensor;
import dev.jnn.nn.Conv2d;
import dev.jnn.nn.Linear;
import dev.jnn.nn.Layer;
import java.util.List;
import java.util.Locale;

/**
 * A weight initialisation for a whole model, the schemes seed 003 compares: it re-draws the weight of
 * every {@link Linear} and {@link Conv2d} layer, as a PyTorch user does with
 * {@code for m in model.modules(): if isinstance(m, (nn.Linear, nn.Conv2d)): init(m.weight)}.
 * Biases, and BatchNorm's weight and bias, keep the values the layers gave them (PyTorch's defaults).
 *
 * <p>Schemes, by the name {@link #parse} reads (the PyTorch call in brackets):
 * <ul>
 * <li>{@code pytorch}: leave every layer's default (Kaiming-uniform with a = √5, that is U(±1/√fan_in)).
 * <li>{@code zeros}: all weights 0 ({@code zeros_}; seed 003's example of what not to do).
 * <li>{@code normal[:STD]}: N(0, STD²), STD 0.01 when left out ({@code normal_(std=STD)}).
 * <li>{@code uniform[:A]}: U(-A, A), A 0.01 when left out ({@code uniform_(-A, A)}).
 * <li>{@code xavier-uniform}, {@code xavier-normal}: Glorot with gain 1 ({@code xavier_uniform_}, {@code xavier_normal_}).
 * <li>{@code kaiming-uniform}, {@code kaiming-normal}: He with PyTorch's defaults a = 0, fan_in,
 *     leaky_relu, so gain √2 ({@code kaiming_uniform_}, {@code kaiming_normal_}).
 * <li>{@code sparse[:FRACTION]}: in each column, FRACTION of the entries (rounded up) are 0 and the rest
 *     N(0, 0.01²); FRACTION 0.1 when left out ({@code sparse_(sparsity=FRACTION, std=0.01)}); 2-d weights only.
 * </ul>
 * PyTorch's {@code normal_} and {@code uniform_} default to N(0, 1) and U(0, 1), scales that make a deep
 * net's outputs explode; the "small random numbers" of seed 003 (and of the CS231n notes it follows)
 * are what a user means by random initialisation, hence 0.01.
 *
 * @param scheme the scheme's name ({@code xavier-uniform})
 * @param value STD, A or FRACTION for the schemes that take one, else NaN
 */
public record WeightInit(String scheme, double value) {
    /** The schemes, in the order help texts list them. */
    public static final List<String> SCHEMES = List.of("pytorch", "zeros", "normal", "uniform", "xavier-uniform",
            "xavier-normal", "kaiming-uniform", "kaiming-normal", "sparse");

    /** Every layer keeps PyTorch's default initialisation. */
    public static final WeightInit PYTORCH = new WeightInit("pytorch", Double.NaN);

    /** The standard deviation of {@code sparse}'s nonzero entries, PyTorch's default. */
    static final float SPARSE_STD = 0.01f;

    /**
     * Checks the scheme and its value.
     *
     * @throws IllegalArgumentException for an unknown scheme (listing the known ones), a value given to
     *     a scheme that takes none, or a value out of range, with PyTorch's limits: STD and A at least 0,
     *     FRACTION in [0, 1]
     */
    public WeightInit {
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("unknown initialisation '" + scheme + "'; valid: pytorch, zeros, normal[:STD], "
                    + "uniform[:A], xavier-uniform, xavier-normal, kaiming-uniform, kaiming-normal, sparse[:FRACTION]");
        }
        boolean takesValue = scheme.equals("normal") || scheme.equals("uniform") || scheme.equals("sparse");
        if (!takesValue && !Double.isNaN(value)) {
            throw new IllegalArgumentException(scheme + " takes no value, got " + value);
        }
        if (takesValue) {
            if (Double.isNaN(value)) throw new IllegalArgumentException(scheme + " needs a value");
            if (scheme.equals("sparse") && !(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("sparse: the fraction of zeros must be in [0, 1], got " + value);
            }
            if (!scheme.equals("sparse") && !(value >= 0 && Double.isFinite(value))) {
                throw new IllegalArgumentException(scheme + ": " + (scheme.equals("normal") ? "std" : "the bound")
                        + " must be a number >= 0, got " + value);
            }
        }
    }

    /**
     * Reads {@code name[:value]}, case-insensitive: {@code xavier-normal}, {@code normal:0.02},
     * {@code sparse} (the schemes that take a value get their default when it is left out).
     *
     * @throws IllegalArgumentException as the constructor, or for a value that is not a number
     */
    public static WeightInit parse(String spec) {
        String s = spec.strip().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        double value = Double.NaN;
        if (colon >= 0) {
            try {
                value = Double.parseDouble(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": '" + s.substring(colon + 1) + "' is not a number");
            }
            if (Double.isNaN(value)) throw new IllegalArgumentException(name + ": NaN is not a valid value");
        } else if (name.equals("normal") || name.equals("uniform")) {
            value = 0.01;
        } else if (name.equals("sparse")) {
            value = 0.1;
        }
        return new WeightInit(name, value);
    }

    /**
     * Re-draws the weight of every Linear and Conv2d layer of {@code model}, in module order, from
     * {@code g}; does nothing for {@code pytorch}.
     *
     * @throws IllegalArgumentException for {@code sparse} on a model with a conv layer (PyTorch's
     *     {@code sparse_} takes 2-d tensors only)
     */
    public void apply(Layer model, Generator g) {
        if (scheme.equals("pytorch")) return;
        for (Layer m : model.namedLayers().values()) {
            Tensor w = m instanceof Linear l ? l.weight() : m instanceof Conv2d c ? c.weight() : null;
            if (w == null) continue;
            if (scheme.equals("sparse") && w.rank() != 2) {
                throw new IllegalArgumentException("sparse initialisation takes 2-d weights only (as PyTorch's sparse_), and "
                        + model.getClass().getSimpleName() + " has conv weights of shape " + w.shape());
            }
            initialise(w, g);
        }
    }

    private void initialise(Tensor w, Generator g) {
        switch (scheme) {
            case "zeros" -> Init.zeros(w);
            case "normal" -> Init.normal(w, 0f, (float) value, g);
            case "uniform" -> Init.uniform(w, (float) -value, (float) value, g);
            case "xavier-uniform" -> Init.xavierUniform(w, 1.0, g);
            case "xavier-normal" -> Init.xavierNormal(w, 1.0, g);
            case "kaiming-uniform" -> Init.kaimingUniform(w, 0, Init.FanMode.FAN_IN, "leaky_relu", g);
            case "kaiming-normal" -> Init.kaimingNormal(w, 0, Init.FanMode.FAN_IN, "leaky_relu", g);
            case "sparse" -> Init.sparse(w, value, SPARSE_STD, g);
            default -> throw new IllegalStateException("no initialiser for " + scheme);
        }
    }

    /** {@code name} or {@code name:value}, as {@link #parse} reads it. */
    @Override
    public String toString() {
        return Double.isNaN(value) ? scheme : scheme + ":" + value;
    }
}
