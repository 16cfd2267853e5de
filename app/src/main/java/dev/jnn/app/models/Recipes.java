package dev.jnn.app.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The five models of the seeds with their tutorials' recipes, and jnn's speedrun. */
public final class Recipes {
    private static final Map<String, Recipe> ALL = new LinkedHashMap<>();

    static {
        // seed 000: fully connected 784-512-256-128-64-10, SGD(0.01, momentum 0.5), Normalize((0.1307,), (0.3081,)).
        add(new Recipe("mlp", "sgd", 0.01, 0.5, 64, 10, "none", 5, 0.1, 0.1307f, 0.3081f, 1));
        // seed 004: batch-normalised MLP, StepLR(5, 0.1), Normalize([0.5], [0.5]), 20 epochs.
        add(new Recipe("bn-mlp", "sgd", 0.01, 0.5, 64, 20, "step", 5, 0.1, 0.5f, 0.5f, 1));
        // seed 002: two conv layers, Adam(0.001), batch 50, one epoch, ToTensor only, torch.manual_seed(1).
        add(new Recipe("cnn", "adam", 0.001, 0, 50, 1, "none", 5, 0.1, 0f, 1f, 1));
        // LeNet-5: SGD(0.01, momentum 0.9), StepLR(5, 0.5), Normalize([0.5], [0.5]), 20 epochs.
        add(new Recipe("lenet", "sgd", 0.01, 0.9, 64, 20, "step", 5, 0.5, 0.5f, 0.5f, 1));
        // seed 003: one linear layer (softmax regression), Adam(0.001), one epoch, ToTensor only.
        add(new Recipe("linear", "adam", 0.001, 0, 64, 1, "none", 5, 0.1, 0f, 1f, 1));
        // jnn's speedrun (issue #22): 99% in one epoch. Adam under OneCycleLR peaking at 0.01 (PyTorch's
        // defaults otherwise: 30% warm-up, cosine, beta1 cycled 0.95 -> 0.85 -> 0.95), batch 128, Normalize.
        add(new Recipe("speedrun", "adam", 0.01, 0, 128, 1, "onecycle", 5, 0.1, 0.1307f, 0.3081f, 1));
    }

    private Recipes() {
    }

    private static void add(Recipe r) {
        ALL.put(r.model(), r);
    }

    /** The model names, in the order the help lists them. */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** The recipe of {@code model}, if it is one of the seeds'. */
    public static Optional<Recipe> find(String model) {
        return Optional.ofNullable(ALL.get(model));
    }
}
