package dev.jnn.optim;

import dev.jnn.core.MemoryScope;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;

/**
 * One parameter's entries of a {@link StateDict}, handed to an optimizer that rebuilds its
 * {@link ParamState} when loading a checkpoint.
 */
public final class SavedParamState {
    private final String optimizer;
    private final Tensor param;
    private final String prefix;
    private final StateDict dict;

    SavedParamState(String optimizer, Tensor param, String prefix, StateDict dict) {
        this.optimizer = optimizer;
        this.param = param;
        this.prefix = prefix;
        this.dict = dict;
    }

    /** True when the snapshot holds tensor {@code name} for this parameter. */
    public boolean hasTensor(String name) {
        return dict.tensors().containsKey(prefix + name);
    }

    /**
     * A new persistent tensor shaped like the parameter, on its backend, holding the saved values.
     *
     * @throws IllegalArgumentException if the snapshot lacks it or its size differs from the parameter's
     */
    public Tensor tensor(String name) {
        float[] data = dict.tensors().get(prefix + name);
        if (data == null) {
            throw new IllegalArgumentException(optimizer + ": state dict lacks tensor '" + prefix + name + "'");
        }
        if (data.length != param.numel()) {
            throw new IllegalArgumentException(optimizer + ": state dict tensor '" + prefix + name + "' has "
                    + data.length + " values, the parameter has shape " + param.shape());
        }
        return MemoryScope.persistent(() -> Tensor.of(param.backend(), data, param.shape()));
    }

    /**
     * A new persistent tensor of {@code shape} on the parameter's backend, for state that is not
     * shaped like the parameter (LBFGS's flat vectors).
     *
     * @throws IllegalArgumentException if the snapshot lacks it or its size differs from the shape's
     */
    public Tensor tensor(String name, Shape shape) {
        float[] data = dict.tensors().get(prefix + name);
        if (data == null || data.length != shape.numel()) {
            throw new IllegalArgumentException(optimizer + ": state dict tensor '" + prefix + name + "' "
                    + (data == null ? "is missing" : "has " + data.length + " values, expected " + shape.numel()));
        }
        return MemoryScope.persistent(() -> Tensor.of(param.backend(), data, shape));
    }

    /** The saved tensor, or null when absent (optional buffers). */
    public Tensor optionalTensor(String name) {
        return hasTensor(name) ? tensor(name) : null;
    }

    /**
     * A saved number.
     *
     * @throws IllegalArgumentException if the snapshot lacks it
     */
    public double scalar(String name) {
        Double v = dict.scalars().get(prefix + name);
        if (v == null) throw new IllegalArgumentException(optimizer + ": state dict lacks number '" + prefix + name + "'");
        return v;
    }
}
