package dev.jnn.optim;

import dev.jnn.core.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Parameters that share hyper-parameters, like one entry of PyTorch's {@code optimizer.param_groups}.
 *
 * <pre>{@code
 * Optimizer opt = SGD.builder().lr(0.1).momentum(0.9).build(
 *         ParamGroup.of(backbone).set("lr", 0.01),   // overrides the builder's lr for this group
 *         ParamGroup.of(head));                      // takes every value from the builder
 * }</pre>
 *
 * <p>Hyper-parameters use PyTorch's names in snake case ({@code lr}, {@code weight_decay},
 * {@code momentum}); pairs are split ({@code betas} becomes {@code beta1}/{@code beta2}, {@code etas}
 * {@code eta_minus}/{@code eta_plus}, {@code step_sizes} {@code step_size_min}/{@code step_size_max}).
 * Values are numbers (held as {@code double}), booleans or strings. An optimizer fills the values a
 * group leaves out from its defaults when the group is added, and validates the result.
 * Schedulers change {@code lr} (and {@code momentum} or {@code beta1}) between steps.
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Object> options = new LinkedHashMap<>();

    private ParamGroup(List<Tensor> params) {
        this.params = List.copyOf(params);
    }

    /** A group of {@code params} with no hyper-parameters of its own yet. */
    public static ParamGroup of(List<Tensor> params) {
        Objects.requireNonNull(params, "params");
        return new ParamGroup(params);
    }

    /** The parameters, in order; the list cannot be modified. */
    public List<Tensor> params() {
        return params;
    }

    /** The learning rate. */
    public double lr() {
        return number("lr");
    }

    /** Sets the learning rate (schedulers call this); returns this group. */
    public ParamGroup setLr(double lr) {
        return set("lr", lr);
    }

    /** Sets a numeric hyper-parameter; returns this group. */
    public ParamGroup set(String key, double value) {
        options.put(key, value);
        return this;
    }

    /** Sets a boolean hyper-parameter; returns this group. */
    public ParamGroup set(String key, boolean value) {
        options.put(key, value);
        return this;
    }

    /** Sets a string hyper-parameter (null allowed, like LBFGS's {@code line_search_fn}); returns this group. */
    public ParamGroup set(String key, String value) {
        options.put(key, value);
        return this;
    }

    /** True when the group holds {@code key}. */
    public boolean has(String key) {
        return options.containsKey(key);
    }

    /** The names of the hyper-parameters, in insertion order. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(options.keySet());
    }

    /**
     * A numeric hyper-parameter.
     *
     * @throws IllegalArgumentException if the group has no such number
     */
    public double number(String key) {
        if (!(options.get(key) instanceof Double d)) {
            throw new IllegalArgumentException("param group has no number '" + key + "' (it has " + options.keySet() + ")");
        }
        return d;
    }

    /**
     * A boolean hyper-parameter.
     *
     * @throws IllegalArgumentException if the group has no such flag
     */
    public boolean flag(String key) {
        if (!(options.get(key) instanceof Boolean b)) {
            throw new IllegalArgumentException("param group has no flag '" + key + "' (it has " + options.keySet() + ")");
        }
        return b;
    }

    /** A string hyper-parameter, or null. */
    public String text(String key) {
        Object v = options.get(key);
        return v instanceof String s ? s : null;
    }

    /** The raw value of {@code key}: a Double, Boolean, String or null. */
    public Object get(String key) {
        return options.get(key);
    }

    /** Copies every value of {@code defaults} that this group does not set itself. */
    void fillFrom(Map<String, Object> defaults) {
        defaults.forEach(options::putIfAbsent);
    }

    @Override
    public String toString() {
        return "ParamGroup" + options + " (" + params.size() + " params)";
    }
}
