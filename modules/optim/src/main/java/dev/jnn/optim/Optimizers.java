package dev.jnn.optim;

import dev.jnn.core.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
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
     * PyTorch's arguments of optimizer {@code name} with their defaults, by PyTorch argument name, in
     * the order of PyTorch's signature ({@code lr} first): numbers as {@code Double}, flags as
     * {@code Boolean}, {@code betas}, {@code etas} and {@code step_sizes} as a list of two numbers.
     * A default of {@code null} means PyTorch has none: SGD's {@code lr} (required) and LBFGS's
     * {@code max_eval} (then {@code max_iter * 5 / 4}) and {@code line_search_fn}.
     *
     * @throws IllegalArgumentException for an unknown optimizer, listing the known ones
     */
    public static Map<String, Object> defaults(String name) {
        Supplier<OptimizerBuilder<?, ?>> make = BUILDERS.get(name.toLowerCase(Locale.ROOT));
        if (make == null) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "'; known: " + String.join(", ", NAMES));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("lr", null);
        values.putAll(make.get().values());
        return Collections.unmodifiableMap(pytorchNames(values));
    }

    /**
     * The hyper-parameters in force in the first parameter group of {@code optimizer} (the values
     * given and PyTorch's defaults for the rest), named and ordered as {@link #defaults} names them.
     * Schedulers change {@code lr} (and {@code momentum} or {@code betas}) as training goes; call this
     * before the first step for the values the optimizer started with.
     */
    public static Map<String, Object> arguments(Optimizer optimizer) {
        ParamGroup g = optimizer.paramGroups().getFirst();
        Map<String, Object> values = new LinkedHashMap<>();
        for (String key : defaults(optimizer.name()).keySet()) {
            String[] pair = PAIRS.get(key);
            if (pair == null) {
                values.put(key, g.get(key));
            } else {
                values.put(pair[0], g.get(pair[0]));
                values.put(pair[1], g.get(pair[1]));
            }
        }
        return Collections.unmodifiableMap(pytorchNames(values));
    }

    /** {@code values} with each split pair (beta1, beta2) joined under PyTorch's name (betas), where the first half was. */
    private static Map<String, Object> pytorchNames(Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String pair = pairOf(e.getKey());
            if (pair == null) {
                out.put(e.getKey(), e.getValue());
            } else {
                String[] halves = PAIRS.get(pair);
                out.putIfAbsent(pair, List.of(values.get(halves[0]), values.get(halves[1])));
            }
        }
        return out;
    }

    /** The pair ({@code betas}) whose half {@code key} ({@code beta2}) is, or null. */
    private static String pairOf(String key) {
        for (Map.Entry<String, String[]> p : PAIRS.entrySet()) {
            if (p.getValue()[0].equals(key) || p.getValue()[1].equals(key)) return p.getKey();
        }
        return null;
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
