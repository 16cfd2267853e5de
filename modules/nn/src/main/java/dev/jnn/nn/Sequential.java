package dev.jnn.nn;

import dev.jnn.core.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Children applied in order, named {@code 0}, {@code 1}, ... like PyTorch's {@code nn.Sequential}. */
public final class Sequential extends Layer {
    private final List<Layer> layers = new ArrayList<>();

    /** A sequence of the given modules. */
    public Sequential(Layer... modules) {
        for (Layer m : modules) add(m);
    }

    /** Appends a module; returns this. */
    public Sequential add(Layer m) {
        registerLayer(Integer.toString(layers.size()), m);
        layers.add(m);
        return this;
    }

    /** The i-th module. */
    public Layer get(int i) {
        return layers.get(i);
    }

    /** The number of modules. */
    public int size() {
        return layers.size();
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) {
            Layer m = layers.get(i);
            if (i + 2 < layers.size() && layers.get(i + 1) instanceof ReLU relu
                    && layers.get(i + 2) instanceof MaxPool2d pool) {
                // ReLU then max pooling runs as pooling then ReLU (Functional.maxPool2dRelu: the same
                // values and gradients, a quarter of the ReLU work with 2x2 windows). The ReLU reports
                // the shape its output would have, its input's.
                x = m.call(x);
                Summary.record(relu, x);
                x = pool.callThenRelu(x);
                i += 2;
            } else if (i + 1 < layers.size() && layers.get(i + 1) instanceof ReLU relu) {
                // A layer followed by ReLU runs as one op (fused where the layer has a fused form, see
                // Layer.forwardRelu); the ReLU still reports its output to Summary.
                x = m.callThenRelu(x);
                Summary.record(relu, x);
                i++;
            } else {
                x = m.call(x);
            }
        }
        return x;
    }
}
