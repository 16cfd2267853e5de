package dev.jnn.app.models;

import dev.jnn.core.Generator;
import dev.jnn.nn.Layer;
import dev.jnn.nn.zoo.ModelZoo;
import java.util.List;

/** The catalogue of {@code dev.jnn.nn}'s model zoo. */
public final class NnCatalog implements ModelCatalog {
    @Override
    public List<String> names() {
        return ModelZoo.names();
    }

    @Override
    public ZooModel create(String name, ModelOptions options) {
        Layer m = ModelZoo.create(name, (float) options.dropout());
        options.init().apply(m, Generator.global());
        return new NnModel(name, m);
    }
}
