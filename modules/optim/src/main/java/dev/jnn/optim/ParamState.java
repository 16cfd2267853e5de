package dev.jnn.optim;

import dev.jnn.core.Tensor;
import java.util.Map;

/**
 * An optimizer's state for one parameter (moment buffers, step count), a small record that the
 * optimizer creates on the parameter's first step. Its tensors live outside any
 * {@link dev.jnn.core.MemoryScope} and belong to the optimizer.
 */
public interface ParamState {
    /** The state's tensors under PyTorch's names ({@code exp_avg}); optional buffers left out when absent. */
    Map<String, Tensor> tensors();

    /** The state's numbers under PyTorch's names ({@code step}). */
    default Map<String, Double> scalars() {
        return Map.of();
    }
}
