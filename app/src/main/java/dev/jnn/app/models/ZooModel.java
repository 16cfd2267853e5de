package dev.jnn.app.models;

import dev.jnn.nn.safetensors.RawTensor;
import dev.jnn.train.Trainable;
import java.util.Map;

/** A model of the zoo as the app uses it: trainable, printable, and saved with PyTorch's state_dict names. */
public interface ZooModel extends Trainable {
    /** The zoo name ({@code cnn}). */
    String name();

    /** The number of trainable scalars. */
    long parameterCount();

    /**
     * A {@code print(model)}-like description: each layer with its output shape for an input of
     * {@code inputShape} (without the batch dimension) and its parameter count, then the total.
     */
    String summary(int... inputShape);

    /** Every parameter and buffer by PyTorch's state_dict name, in state_dict order, as host copies. */
    Map<String, RawTensor> stateDict();

    /**
     * Copies every tensor of {@code state} into the model.
     *
     * @throws IllegalArgumentException listing every missing, unexpected or misshapen tensor
     */
    void loadStateDict(Map<String, RawTensor> state);
}
