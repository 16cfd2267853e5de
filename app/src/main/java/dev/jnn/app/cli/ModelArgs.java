package dev.jnn.app.cli;

import dev.jnn.app.Io;
import dev.jnn.app.UsageException;
import dev.jnn.app.models.ModelCatalog;
import dev.jnn.app.models.Recipe;
import dev.jnn.app.models.Recipes;
import dev.jnn.app.models.ZooModel;
import dev.jnn.app.wiring.BackendModule;
import dev.jnn.app.wiring.ModelFiles;
import dev.jnn.app.wiring.ModelModule;
import dev.jnn.app.wiring.Wiring;
import dev.jnn.core.BackendScope;
import dev.jnn.core.Generator;
import dev.jnn.core.spi.Backend;
import dev.jnn.nn.safetensors.SafeTensorsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model loaded from a weights file for evaluate and predict: the backend, the model and the
 * normalisation recorded in the file (else the recipe's). Closing it closes the backend.
 *
 * @param backend the backend in use
 * @param model the model with the file's weights
 * @param mean Normalize mean the model expects
 * @param std Normalize std the model expects
 */
record ModelArgs(Backend backend, ZooModel model, float mean, float std) implements AutoCloseable {

    static Recipe recipe(String model) {
        return Recipes.find(model).orElseThrow(() -> new UsageException("unknown model '" + model + "'; valid: "
                + String.join(", ", Recipes.names())));
    }

    static int threads(CommonOptions.BackendChoice b) {
        int t = b.threads != null ? b.threads : Runtime.getRuntime().availableProcessors();
        if (t < 1) throw new UsageException("--threads must be at least 1, got " + t);
        return t;
    }

    /** The backend that {@code --backend}, {@code --threads} and {@code --plugins} choose. */
    static BackendModule backendModule(CommonOptions.BackendChoice b) {
        return new BackendModule(b.backend, threads(b), b.plugins.dir);
    }

    /**
     * Reads {@code weights}, then creates the backend and the model through Guice and loads the file
     * into it. The model is {@code given} (checked before any file is read), else the one the file
     * names in its metadata (jnn writes it into every model file), else cnn, the default model.
     */
    static ModelArgs load(String given, CommonOptions.BackendChoice b, Path weights, Io io) throws IOException {
        if (given != null) recipe(given);
        SafeTensorsFile f = ModelFiles.read(weights);
        String modelName = given != null ? given : f.metadata().getOrDefault(ModelFiles.MODEL, "cnn");
        Recipe r = recipe(modelName);
        Wiring inj = Wiring.of(backendModule(b), new ModelModule());
        Backend backend = inj.get(Backend.class);
        Generator.seedGlobal(r.seed());
        ZooModel model;
        try (BackendScope on = BackendScope.use(backend)) {
            model = inj.get(ModelCatalog.class).create(modelName);
        }
        Map<String, String> meta = ModelFiles.load(model, f, weights);
        float[] norm = ModelFiles.normalization(meta, new float[] {r.mean(), r.std()});
        return new ModelArgs(backend, model, norm[0], norm[1]);
    }

    @Override
    public void close() {
        backend.close();
    }
}
