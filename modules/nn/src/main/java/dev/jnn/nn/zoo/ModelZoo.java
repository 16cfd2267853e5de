package dev.jnn.nn.zoo;

import dev.jnn.core.Tensor;
import dev.jnn.nn.Dropout;
import dev.jnn.nn.Layer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The models of the seed tutorials by name, with the seeds' own module names so that their state
 * dicts match PyTorch's. Every model takes [N, 1, 28, 28] images and gives [N, 10] logits.
 *
 * <p>With a dropout probability p &gt; 0, a model also holds one {@code dropout} = Dropout(p) module,
 * registered after its layers and applied after each hidden layer (after its activation, and after
 * its pooling where it has one; the {@code linear} model has no activations, so directly after
 * layer1 and layer2). Dropout has no tensors: the state dict keys stay those of the seed's PyTorch
 * model, and {@code tools/reference/zoo.py}'s {@code MODELS[name](dropout=p)} is the PyTorch twin.
 */
public final class ModelZoo {
    private static final Map<String, Function<Float, Layer>> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put("mlp", Mlp::new);
        MODELS.put("bn-mlp", BnMlp::new);
        MODELS.put("cnn", Cnn::new);
        MODELS.put("lenet", LeNet::new);
        MODELS.put("linear", LinearNet::new);
        MODELS.put("speedrun", Speedrun::new);
    }

    private ModelZoo() {
    }

    /** The model names: mlp, bn-mlp, cnn, lenet, linear, speedrun. */
    public static List<String> names() {
        return List.copyOf(MODELS.keySet());
    }

    /**
     * A new model with PyTorch's default initialisation drawn from {@code Generator.global()}.
     *
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    public static Layer create(String name) {
        return create(name, 0f);
    }

    /**
     * A new model with Dropout({@code dropout}) after each hidden layer (none when it is 0), PyTorch's
     * default initialisation drawn from {@code Generator.global()}; the dropout masks come from a
     * generator split from the global one after the layers are initialised.
     *
     * @throws IllegalArgumentException for an unknown name, listing the valid ones, or a dropout
     *     probability outside [0, 1]
     */
    public static Layer create(String name, float dropout) {
        Function<Float, Layer> s = MODELS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; choose one of " + String.join(", ", MODELS.keySet()));
        }
        return s.apply(dropout);
    }

    /** {@code x} through {@code dropout}, or {@code x} itself when the model has none. */
    static Tensor drop(Dropout dropout, Tensor x) {
        return dropout == null ? x : dropout.call(x);
    }
}
