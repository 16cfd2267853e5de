package dev.jnn.app.cli;

import dev.jnn.app.Io;
import dev.jnn.app.UsageException;
import dev.jnn.app.models.ModelCatalog;
import dev.jnn.app.models.ModelOptions;
import dev.jnn.app.wiring.ModelModule;
import dev.jnn.app.wiring.Wiring;
import dev.jnn.core.BackendScope;
import dev.jnn.core.spi.Backend;
import dev.jnn.nn.init.WeightInit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jnn summary}: a model's layers, output shapes and parameter counts. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print a model like PyTorch's print(model), then each layer's output shape and parameter count.")
public final class SummaryCommand implements Callable<Integer> {
    private final Io io;

    @Option(names = "--model", paramLabel = "NAME", required = true, description = "mlp, bn-mlp, cnn, lenet, linear or speedrun.")
    String model;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
            description = "Show the model as 'train --dropout P' builds it, with Dropout(P) after each hidden layer (default: ${DEFAULT-VALUE}, none).")
    double dropout;

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
        if (!(dropout >= 0 && dropout <= 1)) throw new UsageException("--dropout must be in [0, 1], got " + dropout);
        ModelOptions options = new ModelOptions(dropout, WeightInit.PYTORCH);
        Wiring inj = Wiring.of(ModelArgs.backendModule(backend), new ModelModule());
        try (Backend be = inj.get(Backend.class); BackendScope on = BackendScope.use(be)) {
            io.out().println(inj.get(ModelCatalog.class).create(model, options).summary(1, 28, 28));
        }
        return 0;
    }
}
