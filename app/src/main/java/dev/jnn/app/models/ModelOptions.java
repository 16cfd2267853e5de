package dev.jnn.app.models;

import dev.jnn.nn.init.WeightInit;

/**
 * How a zoo model is built beyond its architecture: {@code --dropout} and {@code --init}.
 *
 * @param dropout Dropout's p after each hidden layer, in [0, 1] (0: no dropout modules)
 * @param init the initialisation of the weights ({@link WeightInit#PYTORCH}: each layer's default)
 */
public record ModelOptions(double dropout, WeightInit init) {
    /** The seed's models as they are: no dropout, PyTorch's default initialisation. */
    public static final ModelOptions DEFAULT = new ModelOptions(0, WeightInit.PYTORCH);
}
