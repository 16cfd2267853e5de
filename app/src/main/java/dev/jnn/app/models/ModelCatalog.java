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
    ZooModel create(String name);
}
