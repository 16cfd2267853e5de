package dev.jnn.train;

import dev.jnn.core.Tensor;
import dev.jnn.nn.Module;
import java.util.List;

/**
 * What the {@link Trainer} needs of a model: a forward pass, its trainable parameters, and a
 * training/evaluation switch (dropout, batch norm). A {@code dev.jnn.nn} module adapts to it with
 * {@link #of(Module)}; tests can implement it directly on {@code Functional}.
 */
public interface Trainable {
    /** The model's output for a batch {@code x} (N×C×H×W images), e.g. logits [N, classes]. */
    Tensor forward(Tensor x);

    /** The tensors the optimizer updates, each a leaf with {@code requiresGrad}. */
    List<Tensor> parameters();

    /** Switches to training ({@code true}) or evaluation ({@code false}) behaviour. */
    void train(boolean training);

    /** A {@code dev.jnn.nn} module as a trainable model. */
    static Trainable of(Module module) {
        return new Trainable() {
            @Override
            public Tensor forward(Tensor x) {
                return module.call(x);
            }

            @Override
            public List<Tensor> parameters() {
                return module.parameters();
            }

            @Override
            public void train(boolean training) {
                module.train(training);
            }
        };
    }
}
