package dev.jnn.app.models.functional;

import dev.jnn.core.Tensor;
import java.util.Map;

/** One layer of an interim zoo model: forward pass, tensors by local name, and its PyTorch repr. */
interface Layer {
    Tensor forward(Tensor x, boolean training);

    /** Parameters and buffers by local name ({@code weight}, {@code running_mean}), state_dict order. */
    default Map<String, Tensor> tensors() {
        return Map.of();
    }

    /** Which of {@link #tensors()} are trained (the rest are buffers). */
    default boolean isParameter(String localName) {
        return true;
    }

    /** PyTorch's repr, e.g. {@code Linear(in_features=784, out_features=10, bias=True)}. */
    String repr();
}
