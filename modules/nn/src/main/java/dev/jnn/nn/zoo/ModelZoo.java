package dev.jnn.nn.zoo;

import dev.jnn.nn.Module;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The models of the seed tutorials by name, with the seeds' own module names so that their state
 * dicts match PyTorch's. Every model takes [N, 1, 28, 28] images and gives [N, 10] logits.
 */
public final class ModelZoo {
    private static final Map<String, Supplier<Module>> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put("mlp", Mlp::new);
        MODELS.put("bn-mlp", BnMlp::new);
        MODELS.put("cnn", Cnn::new);
        MODELS.put("lenet", LeNet::new);
        MODELS.put("linear", LinearNet::new);
    }

    private ModelZoo() {
    }

    /** The model names: mlp, bn-mlp, cnn, lenet, linear. */
    public static List<String> names() {
        return List.copyOf(MODELS.keySet());
    }

    /**
     * A new model with PyTorch's default initialisation drawn from {@code Generator.global()}.
     *
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    public static Module create(String name) {
        Supplier<Module> s = MODELS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; choose one of " + String.join(", ", MODELS.keySet()));
        }
        return s.get();
    }
}
