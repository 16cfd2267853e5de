package dev.jnn.optim;

import dev.jnn.core.MemoryScope;
import dev.jnn.core.NoGrad;
import dev.jnn.core.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The base of jnn's optimizers, like PyTorch's {@code torch.optim.Optimizer}: parameter groups with
 * their own hyper-parameters, per-parameter state created on the first step, {@link #zeroGrad()},
 * {@link #step()} and a checkpointable {@link #stateDict()}.
 *
 * <pre>{@code
 * Optimizer opt = Adam.builder().lr(1e-3).build(model.parameters());
 * for (var batch : loader) {
 *     try (MemoryScope step = MemoryScope.open()) {
 *         opt.zeroGrad();
 *         criterion.apply(model.forward(batch.x()), batch.y()).backward();
 *         opt.step();          // temporaries go with the scope; optimizer state persists
 *     }
 * }
 * }</pre>
 *
 * <p>Parameters are leaf tensors with {@code requiresGrad}; a parameter whose {@code grad()} is null
 * is skipped, as in PyTorch. Updates run under {@link NoGrad} and change the parameters in place.
 * Optimizer state is allocated with {@link MemoryScope#persistent}, so {@code step()} may run inside a
 * training step's scope; what {@code step()} allocates besides is freed by that scope. An optimizer is
 * used from one thread at a time.
 */
public abstract class Optimizer {
    private final String name;
    private final Map<String, Object> defaults;
    private final List<ParamGroup> groups = new ArrayList<>();
    private final Set<Tensor> known = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Tensor, ParamState> state = new IdentityHashMap<>();

    /**
     * Creates an optimizer over {@code groups}, filling each group's missing hyper-parameters from
     * {@code defaults} and validating them.
     *
     * @param name the optimizer's name for error messages ({@code "Adam"})
     * @throws IllegalArgumentException for a bad hyper-parameter, a parameter without requiresGrad, a
     *     parameter in two groups, or no parameters at all
     */
    protected Optimizer(String name, Map<String, Object> defaults, List<ParamGroup> groups) {
        this.name = name;
        this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        if (groups.isEmpty()) throw new IllegalArgumentException(name + ": got an empty list of parameter groups");
        for (ParamGroup g : groups) addParamGroup(g);
    }

    /** The optimizer's name, as in PyTorch ({@code "SGD"}). */
    public final String name() {
        return name;
    }

    /** The default hyper-parameters that groups inherit (unmodifiable), PyTorch's {@code defaults}. */
    public final Map<String, Object> defaults() {
        return defaults;
    }

    /** The parameter groups, in order (the list is unmodifiable; the groups are live). */
    public final List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(groups);
    }

    /**
     * Adds a group, PyTorch's {@code add_param_group}: missing values come from {@link #defaults()}.
     *
     * @throws IllegalArgumentException as for the constructor
     */
    public void addParamGroup(ParamGroup group) {
        if (group.params().isEmpty()) throw new IllegalArgumentException(name + ": parameter group " + groups.size() + " is empty");
        group.fillFrom(defaults);
        validate(group);
        for (int i = 0; i < group.params().size(); i++) {
            Tensor p = group.params().get(i);
            if (!p.requiresGrad() || !p.isLeaf()) {
                throw new IllegalArgumentException(name + ": parameter " + i + " of group " + groups.size()
                        + " is not a leaf that requires grad; call requiresGrad(true) on it");
            }
            if (known.contains(p)) {
                throw new IllegalArgumentException(name + ": parameter " + i + " of group " + groups.size()
                        + " already appears in another group; give each parameter to one group");
            }
        }
        known.addAll(group.params());
        groups.add(group);
    }

    /**
     * Checks a group's hyper-parameters; the message names the optimizer, the hyper-parameter, the
     * allowed range and the value, e.g. {@code Adam: beta1 must be in [0, 1), got 1.5}.
     */
    protected abstract void validate(ParamGroup group);

    /** The learning rate of the first group. */
    public double lr() {
        return groups.getFirst().lr();
    }

    /** Sets the learning rate of every group. */
    public void setLr(double lr) {
        for (ParamGroup g : groups) g.setLr(lr);
    }

    /**
     * Sets every parameter's gradient to zero in place, PyTorch 1.13's default
     * ({@code zero_grad(set_to_none=False)}); parameters without a gradient keep none.
     */
    public void zeroGrad() {
        zeroGrad(false);
    }

    /**
     * Clears the gradients: to null when {@code setToNone} (the next backward allocates fresh ones,
     * and the step skips parameters that got none), else to zero in place.
     */
    public void zeroGrad(boolean setToNone) {
        for (ParamGroup g : groups) {
            for (Tensor p : g.params()) {
                if (setToNone) {
                    p.setGrad(null);
                } else if (p.grad() != null) {
                    try (NoGrad ignored = NoGrad.enter()) {
                        p.grad().fill(0f);
                    }
                }
            }
        }
    }

    /** One update of every parameter that has a gradient; returns null. */
    public Tensor step() {
        return step(null);
    }

    /**
     * Evaluates {@code closure} (when not null) with autograd on, then updates every parameter that
     * has a gradient. Returns the closure's loss, or null.
     */
    public Tensor step(Closure closure) {
        Tensor loss = closure == null ? null : closure.evaluate();
        try (NoGrad ignored = NoGrad.enter()) {
            for (ParamGroup g : groups) {
                for (Tensor p : g.params()) {
                    Tensor grad = p.grad();
                    if (grad != null) update(g, p, grad);
                }
            }
        }
        return loss;
    }

    /**
     * Updates one parameter in place from its gradient, under {@link NoGrad}; creates the
     * parameter's state on its first call (see {@link #state}/{@link #putState}).
     */
    protected abstract void update(ParamGroup group, Tensor param, Tensor grad);

    /** The gradient to descend: {@code -grad} when the group maximizes, else {@code grad}. */
    protected static Tensor direction(ParamGroup group, Tensor grad) {
        return group.has("maximize") && group.flag("maximize") ? grad.neg() : grad;
    }

    /**
     * The optimizer's state for {@code param} (PyTorch's {@code optimizer.state[p]}), or null before
     * its first step. Its tensors are the optimizer's own: read them, do not change them.
     */
    public final ParamState paramState(Tensor param) {
        return state.get(param);
    }

    /** The state of {@code param}, or null before its first step. */
    @SuppressWarnings("unchecked")
    protected final <S extends ParamState> S state(Tensor param) {
        return (S) state.get(param);
    }

    /** Records the state of {@code param}. */
    protected final void putState(Tensor param, ParamState s) {
        state.put(param, s);
    }

    /** Zeros shaped like {@code param} on its backend, outside any memory scope (for optimizer state). */
    protected static Tensor persistentZeros(Tensor param) {
        return MemoryScope.persistent(param::zerosLike);
    }

    /** A persistent tensor filled with {@code value}, shaped like {@code param}. */
    protected static Tensor persistentFull(Tensor param, float value) {
        return MemoryScope.persistent(() -> param.zerosLike().fill(value));
    }

    /** A persistent copy of {@code src}. */
    protected static Tensor persistentCopy(Tensor src) {
        return MemoryScope.persistent(() -> src.zerosLike().copyFrom(src));
    }

    /** Fails with one line naming this optimizer and {@code what} when {@code ok} is false. */
    protected final void require(boolean ok, String what) {
        if (!ok) throw new IllegalArgumentException(name + ": " + what);
    }

    // ---------------------------------------------------------------- state dict

    /**
     * A host copy of the optimizer's state, PyTorch's {@code state_dict()} (see {@link StateDict} for
     * the names). String hyper-parameters are configuration, not state, and are not saved.
     */
    public StateDict stateDict() {
        Map<String, float[]> tensors = new LinkedHashMap<>();
        Map<String, Double> scalars = new LinkedHashMap<>();
        int i = 0;
        for (ParamGroup g : groups) {
            for (Tensor p : g.params()) {
                ParamState s = state.get(p);
                if (s != null) {
                    String prefix = "state." + i + ".";
                    s.tensors().forEach((k, t) -> tensors.put(prefix + k, t.toFloatArray()));
                    s.scalars().forEach((k, v) -> scalars.put(prefix + k, v));
                }
                i++;
            }
        }
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup g = groups.get(gi);
            for (String k : g.keys()) {
                Object v = g.get(k);
                if (v instanceof Double d) scalars.put("param_groups." + gi + "." + k, d);
                if (v instanceof Boolean b) scalars.put("param_groups." + gi + "." + k, b ? 1.0 : 0.0);
            }
        }
        return new StateDict(tensors, scalars);
    }

    /**
     * Restores a {@link #stateDict()} taken from an optimizer of the same kind over parameters of the
     * same shapes, in the same groups. Per-parameter state is replaced (new tensors, copied from the
     * snapshot); every numeric or boolean group value in it is set, like PyTorch's
     * {@code load_state_dict}, which restores {@code param_groups}. With a scheduler, build the
     * optimizer and the scheduler, then load the optimizer's snapshot, then the scheduler's.
     *
     * @throws IllegalArgumentException if the snapshot does not fit this optimizer's groups or shapes
     */
    public void loadStateDict(StateDict dict) {
        if (!dict.scalars().containsKey("param_groups." + (groups.size() - 1) + ".lr")
                || dict.scalars().containsKey("param_groups." + groups.size() + ".lr")) {
            throw new IllegalArgumentException(name + ": state dict does not have " + groups.size()
                    + " parameter groups; load it into an optimizer built like the saved one");
        }
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup g = groups.get(gi);
            String prefix = "param_groups." + gi + ".";
            for (Map.Entry<String, Double> e : dict.scalars().entrySet()) {
                if (!e.getKey().startsWith(prefix)) continue;
                String k = e.getKey().substring(prefix.length());
                // Flags come back as flags; everything else (including a scheduler's initial_lr) as numbers.
                if (g.get(k) instanceof Boolean) g.set(k, e.getValue() != 0.0); else g.set(k, e.getValue());
            }
        }
        state.clear();
        int i = 0;
        for (ParamGroup g : groups) {
            for (Tensor p : g.params()) {
                String prefix = "state." + i + ".";
                if (hasPrefix(dict, prefix)) {
                    state.put(p, restoreState(g, p, new SavedParamState(name, p, prefix, dict)));
                }
                i++;
            }
        }
    }

    private static boolean hasPrefix(StateDict dict, String prefix) {
        for (String k : dict.tensors().keySet()) if (k.startsWith(prefix)) return true;
        for (String k : dict.scalars().keySet()) if (k.startsWith(prefix)) return true;
        return false;
    }

    /** Rebuilds one parameter's state from a snapshot (tensors come back persistent, on its backend). */
    protected abstract ParamState restoreState(ParamGroup group, Tensor param, SavedParamState saved);
}
