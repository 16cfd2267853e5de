package dev.jnn.app.cli;

import dev.jnn.app.Io;
import dev.jnn.app.models.ModelCatalog;
import dev.jnn.app.wiring.ModelModule;
import dev.jnn.app.wiring.Wiring;
import dev.jnn.core.BackendScope;
import dev.jnn.core.spi.Backend;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jnn summary}: a model's layers, output shapes and parameter counts. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print a model like PyTorch's print(model), then each layer's output shape and parameter count.")
public final class SummaryCommand implements Callable<Integer> {
    private final Io io;

    @Option(names = "--model", paramLabel = "NAME", required = true, description = "mlp, bn-mlp, cnn, lenet or linear.")
    String model;

    @Mixin
    CommonOptions.BackendChoice backend;

    @Mixin
    CommonOptions.Verbose verbose;

    SummaryCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        ModelArgs.recipe(model);
        Wiring inj = Wiring.of(ModelArgs.backendModule(backend), new ModelModule());
        try (Backend be = inj.get(Backend.class); BackendScope on = BackendScope.use(be)) {
            io.out().println(inj.get(ModelCatalog.class).create(model).summary(1, 28, 28));
        }
        return 0;
    }
}
