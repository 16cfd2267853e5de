package dev.jnn.app.models;

import java.util.List;

/** Creates the zoo's models by name; Guice binds the implementation. */
public interface ModelCatalog {
    /** The names it knows. */
    List<String> names();

    /**
     * A freshly initialised model (PyTorch's default initialisation, drawn from the global generator).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    default ZooModel create(String name) {
        return create(name, ModelOptions.DEFAULT);
    }

    /**
     * A freshly initialised model with dropout and the weight initialisation of {@code options}, drawn
     * from the global generator (the layers' default initialisation first, then {@code options.init()}).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones, or an initialisation
     *     the model's layers cannot take (sparse on conv weights)
     */
    ZooModel create(String name, ModelOptions options);
}
