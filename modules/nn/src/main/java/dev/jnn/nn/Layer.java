package dev.jnn.nn;

import dev.jnn.core.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The base of every layer and model, like PyTorch's {@code nn.Module}: it owns named parameters,
 * buffers and child modules, and computes {@link #forward}.
 *
 * <pre>{@code
 * class Net extends Layer {
 *     final Linear l1 = registerLayer("l1", new Linear(784, 10));
 *     public Tensor forward(Tensor x) { return l1.call(x.flatten(1, -1)); }
 * }
 * }</pre>
 *
 * <p>Names are PyTorch's: a child's parameters appear as {@code child.weight}, Sequential children
 * as {@code 0}, {@code 1}, ... so that {@link #stateDict()} has exactly the keys and order of the
 * PyTorch twin's {@code state_dict()}. Call children through {@link #call}, which also feeds
 * {@link Summary}'s shape recording; {@code forward} is the computation itself.
 */
public abstract class Layer {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Set<String> integerBuffers = new LinkedHashSet<>();
    private final Map<String, Layer> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Computes the module's output for {@code input}. */
    public abstract Tensor forward(Tensor input);

    /** Runs {@link #forward} and reports the output to an active {@link Summary} recording. */
    public final Tensor call(Tensor input) {
        Tensor out = forward(input);
        Summary.record(this, out);
        return out;
    }

    /**
     * {@code call(input).relu()}, as one fused op where the module has one (Linear, Conv2d): the
     * backend computes the activation with the layer (one pass over the output fewer, and oneDNN
     * fuses it as a post-op), and the graph keeps only the activated output. Same values.
     */
    public final Tensor callThenRelu(Tensor input) {
        Tensor out = forwardRelu(input);
        Summary.record(this, out);
        return out;
    }

    /** {@link #forward} followed by ReLU; modules with a fused form override it. */
    protected Tensor forwardRelu(Tensor input) {
        return forward(input).relu();
    }

    /** Registers a trainable tensor under {@code name} (requiresGrad is set); null registers nothing. */
    protected final Tensor registerParameter(String name, Tensor value) {
        checkName(name);
        if (value != null) parameters.put(name, value.requiresGrad(true));
        return value;
    }

    /** Registers a non-trainable state tensor (e.g. running statistics) saved in the state dict. */
    protected final Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    /** Registers a buffer holding an integer (PyTorch int64, e.g. {@code num_batches_tracked}). */
    protected final Tensor registerIntegerBuffer(String name, Tensor value) {
        registerBuffer(name, value);
        integerBuffers.add(name);
        return value;
    }

    /** Registers a child module under {@code name}; returns it. */
    protected final <M extends Layer> M registerLayer(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("module member name must be non-empty without '.', got '" + name + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("'" + name + "' is already registered in " + getClass().getSimpleName());
        }
    }

    /** The direct children, by name, in registration order. */
    public Map<String, Layer> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /** This module and every descendant by dotted name ({@code ""} for this one), pre-order. */
    public Map<String, Layer> namedLayers() {
        Map<String, Layer> out = new LinkedHashMap<>();
        collectModules("", out);
        return out;
    }

    private void collectModules(String prefix, Map<String, Layer> out) {
        out.put(prefix, this);
        children.forEach((n, c) -> c.collectModules(prefix.isEmpty() ? n : prefix + "." + n, out));
    }

    /** Every parameter by dotted name, in PyTorch's order. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedLayers().forEach((prefix, m) -> m.parameters.forEach((n, t) -> out.put(join(prefix, n), t)));
        return out;
    }

    /** Every parameter, in PyTorch's order (what an optimizer takes). */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Every buffer by dotted name. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedLayers().forEach((prefix, m) -> m.buffers.forEach((n, t) -> out.put(join(prefix, n), t)));
        return out;
    }

    /**
     * Parameters and buffers by dotted name in PyTorch's {@code state_dict()} order: each module's
     * own parameters, then its own buffers, then its children's, depth first. The tensors are the
     * live ones, not copies.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    private void collectState(String prefix, Map<String, Tensor> out) {
        parameters.forEach((n, t) -> out.put(join(prefix, n), t));
        buffers.forEach((n, t) -> out.put(join(prefix, n), t));
        children.forEach((n, c) -> c.collectState(join(prefix, n), out));
    }

    /** The state-dict keys whose values are integers (saved as int64). */
    public Set<String> integerStateKeys() {
        Set<String> out = new LinkedHashSet<>();
        namedLayers().forEach((prefix, m) -> m.integerBuffers.forEach(n -> out.add(join(prefix, n))));
        return out;
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /** Sets training mode on this module and every descendant; returns this. */
    public Layer train(boolean mode) {
        for (Layer m : namedLayers().values()) m.training = mode;
        return this;
    }

    /** Sets training mode on this module and every descendant, like PyTorch's {@code train()}; returns this. */
    public Layer train() {
        return train(true);
    }

    /** Sets evaluation mode (dropout off, batch norm uses running statistics); returns this. */
    public Layer eval() {
        return train(false);
    }

    /** True in training mode. */
    public boolean isTraining() {
        return training;
    }

    /** Applies {@code fn} to every descendant and then to this module, like PyTorch's {@code apply}. */
    public Layer apply(Consumer<Layer> fn) {
        for (Layer c : children.values()) c.apply(fn);
        fn.accept(this);
        return this;
    }

    /** Zeroes every parameter's gradient. */
    public void zeroGrad() {
        for (Tensor p : parameters()) p.zeroGrad();
    }

    /** The number of scalar parameters. */
    public long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) n += p.numel();
        return n;
    }

    /** The layer's settings for {@link #toString()}, like PyTorch's {@code extra_repr}. */
    protected String extraRepr() {
        return "";
    }

    /** The type name shown by {@link #toString()}. */
    protected String typeName() {
        return getClass().getSimpleName();
    }

    /** The module tree as PyTorch's {@code print(model)} shows it. */
    @Override
    public String toString() {
        if (children.isEmpty()) return typeName() + "(" + extraRepr() + ")";
        StringBuilder sb = new StringBuilder(typeName()).append("(\n");
        if (!extraRepr().isEmpty()) sb.append("  ").append(extraRepr()).append('\n');
        children.forEach((n, c) -> sb.append("  (").append(n).append("): ")
                .append(c.toString().replace("\n", "\n  ")).append('\n'));
        return sb.append(')').toString();
    }
}
