package dev.jnn.train;

import dev.jnn.core.BackendScope;
import dev.jnn.core.Generator;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.nn.Dropout;
import dev.jnn.nn.Layer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@link Trainer} needs of a model: a forward pass, its trainable parameters, and a
 * training/evaluation switch (dropout, batch norm). A {@code dev.jnn.nn} module adapts to it with
 * {@link #of(Layer)}; tests can implement it directly on {@code Functional}.
 */
public interface Trainable {
    /** The model's output for a batch {@code x} (N×C×H×W images), e.g. logits [N, classes]. */
    Tensor forward(Tensor x);

    /** The tensors the optimizer updates, each a leaf with {@code requiresGrad}. */
    List<Tensor> parameters();

    /** Switches to training ({@code true}) or evaluation ({@code false}) behaviour. */
    void train(boolean training);

    /**
     * Every tensor that checkpoints must save, by name: the live parameters and buffers (batch-norm
     * statistics). By default the parameters, named by position ({@code param.0}, ...).
     */
    default Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<Tensor> ps = parameters();
        for (int i = 0; i < ps.size(); i++) out.put("param." + i, ps.get(i));
        return out;
    }

    /**
     * The backend the model lives on, where the trainer puts its batches: that of its first
     * parameter or buffer, or for a model with neither, the current {@link BackendScope}'s.
     */
    default Backend backend() {
        for (Tensor t : state().values()) return t.backend();
        return BackendScope.current();
    }

    /**
     * The random generators the model draws from while training (dropout masks), by name, so that
     * checkpoints can save their states. None by default.
     */
    default Map<String, Generator> generators() {
        return Map.of();
    }

    /** The dropout layers' generators of {@code module}, by module name. */
    static Map<String, Generator> generatorsOf(Layer module) {
        Map<String, Generator> out = new LinkedHashMap<>();
        module.namedLayers().forEach((name, m) -> {
            if (m instanceof Dropout d) out.put(name.isEmpty() ? "dropout" : name, d.generator());
        });
        return out;
    }

    /** A {@code dev.jnn.nn} module as a trainable model. */
    static Trainable of(Layer module) {
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

            @Override
            public Map<String, Tensor> state() {
                return module.stateDict();
            }

            @Override
            public Map<String, Generator> generators() {
                return generatorsOf(module);
            }
        };
    }
}
