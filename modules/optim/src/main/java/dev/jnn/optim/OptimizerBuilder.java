package dev.jnn.optim;

import dev.jnn.core.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The common part of the optimizers' builders: it collects default hyper-parameters (PyTorch's
 * defaults until set) and builds the optimizer over a parameter list or over groups.
 *
 * @param <B> the concrete builder
 * @param <O> the optimizer it builds
 */
public abstract class OptimizerBuilder<B extends OptimizerBuilder<B, O>, O extends Optimizer> {
    private final Map<String, Object> defaults = new LinkedHashMap<>();

    /** For subclasses. */
    protected OptimizerBuilder() {
    }

    /** Sets a default hyper-parameter; returns this builder. */
    protected final B put(String key, Object value) {
        defaults.put(key, value);
        @SuppressWarnings("unchecked")
        B self = (B) this;
        return self;
    }

    /** The names of the hyper-parameters this builder knows, with {@code lr}. */
    Set<String> keys() {
        Set<String> k = new LinkedHashSet<>(defaults.keySet());
        k.add("lr");
        return k;
    }

    /** The hyper-parameters set so far (PyTorch's defaults until changed), by jnn's split names. */
    Map<String, Object> values() {
        return Collections.unmodifiableMap(defaults);
    }

    /** The learning rate. */
    public B lr(double lr) {
        return put("lr", lr);
    }

    /**
     * Builds the optimizer over one group holding {@code params}.
     *
     * @throws IllegalArgumentException for a bad hyper-parameter or parameter
     */
    public O build(List<Tensor> params) {
        return build(ParamGroup.of(params));
    }

    /**
     * Builds the optimizer over {@code groups}; values a group does not set come from this builder.
     *
     * @throws IllegalArgumentException for a bad hyper-parameter or parameter
     */
    public O build(ParamGroup... groups) {
        return create(new LinkedHashMap<>(defaults), List.of(groups));
    }

    /** Creates the optimizer. */
    protected abstract O create(Map<String, Object> defaults, List<ParamGroup> groups);
}
