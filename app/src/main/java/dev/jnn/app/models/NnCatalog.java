package dev.jnn.app.models;

import dev.jnn.nn.Module;
import dev.jnn.nn.zoo.ModelZoo;
import java.util.List;

/** The catalogue of {@code dev.jnn.nn}'s model zoo. */
public final class NnCatalog implements ModelCatalog {
    @Override
    public List<String> names() {
        return ModelZoo.names();
    }

    @Override
    public ZooModel create(String name) {
        Module m = ModelZoo.create(name);
        return new NnModel(name, m);
    }
}
