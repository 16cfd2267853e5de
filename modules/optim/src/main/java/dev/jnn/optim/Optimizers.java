package dev.jnn.optim;

import dev.jnn.core.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Creates an optimizer from its PyTorch name and PyTorch-style hyper-parameters, for command lines
 * and configuration files:
 *
 * <pre>{@code
 * Optimizer opt = Optimizers.create("adam", model.parameters(),
 *         Map.of("lr", 1e-3, "betas", List.of(0.9, 0.99), "amsgrad", true));
 * }</pre>
 *
 * <p>Names are PyTorch's class names, case-insensitive ({@code sgd}, {@code adamw}, {@code lbfgs}).
 * Keys are PyTorch's argument names; values are numbers, booleans, strings (LBFGS's
 * {@code line_search_fn}) or, for {@code betas}, {@code etas} and {@code step_sizes}, a list or
 * {@code double[]} of two numbers. Keys left out take PyTorch's defaults.
 */
public final class Optimizers {
    private static final Map<String, Supplier<OptimizerBuilder<?, ?>>> BUILDERS = Map.ofEntries(
            Map.entry("sgd", SGD::builder), Map.entry("adagrad", Adagrad::builder),
            Map.entry("rmsprop", RMSprop::builder), Map.entry("adadelta", Adadelta::builder),
            Map.entry("adam", Adam::builder), Map.entry("adamax", Adamax::builder),
            Map.entry("sparseadam", SparseAdam::builder), Map.entry("adamw", AdamW::builder),
            Map.entry("asgd", ASGD::builder), Map.entry("lbfgs", LBFGS::builder), Map.entry("rprop", Rprop::builder));
    private static final List<String> NAMES = List.of("SGD", "Adagrad", "RMSprop", "Adadelta", "Adam", "Adamax",
            "SparseAdam", "AdamW", "ASGD", "LBFGS", "Rprop");
    private static final Map<String, String[]> PAIRS = Map.of(
            "betas", new String[] {"beta1", "beta2"},
            "etas", new String[] {"eta_minus", "eta_plus"},
            "step_sizes", new String[] {"step_size_min", "step_size_max"});

    private Optimizers() {
    }

    /** The optimizers {@link #create} knows, with PyTorch's spelling. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * Builds optimizer {@code name} over {@code params} with {@code hyperParameters}.
     *
     * @throws IllegalArgumentException for an unknown optimizer or hyper-parameter (the message lists
     *     the known ones), a value of the wrong kind, or a value out of range
     */
    public static Optimizer create(String name, List<Tensor> params, Map<String, ?> hyperParameters) {
        Supplier<OptimizerBuilder<?, ?>> make = BUILDERS.get(name.toLowerCase(Locale.ROOT));
        if (make == null) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "'; known: " + String.join(", ", NAMES));
        }
        OptimizerBuilder<?, ?> builder = make.get();
        String display = NAMES.stream().filter(n -> n.equalsIgnoreCase(name)).findFirst().orElse(name);
        ParamGroup group = ParamGroup.of(params);
        for (Map.Entry<String, ?> e : hyperParameters.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            String[] pair = PAIRS.get(key);
            if (pair != null) {
                double[] two = pair(display, key, v);
                set(display, builder, group, pair[0], two[0]);
                set(display, builder, group, pair[1], two[1]);
            } else {
                set(display, builder, group, key, v);
            }
        }
        return builder.build(group);
    }

    private static void set(String opt, OptimizerBuilder<?, ?> builder, ParamGroup group, String key, Object v) {
        if (!builder.keys().contains(key)) {
            throw new IllegalArgumentException(opt + ": unknown hyper-parameter '" + key + "'; known: "
                    + String.join(", ", builder.keys()).replace("beta1, beta2", "betas")
                    .replace("eta_minus, eta_plus", "etas").replace("step_size_min, step_size_max", "step_sizes"));
        }
        switch (v) {
            case Number n -> group.set(key, n.doubleValue());
            case Boolean b -> group.set(key, b);
            case String s -> group.set(key, s);
            case null -> group.set(key, (String) null);
            default -> throw new IllegalArgumentException(opt + ": " + key + " must be a number, boolean or string, got "
                    + v.getClass().getSimpleName());
        }
    }

    private static double[] pair(String opt, String key, Object v) {
        if (v instanceof double[] d && d.length == 2) return d.clone();
        if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b) {
            return new double[] {a.doubleValue(), b.doubleValue()};
        }
        throw new IllegalArgumentException(opt + ": " + key + " must be two numbers, got " + v);
    }
}
