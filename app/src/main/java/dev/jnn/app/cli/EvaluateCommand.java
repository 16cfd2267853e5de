package dev.jnn.app.cli;

import dev.jnn.app.Io;
import dev.jnn.app.wiring.MnistData;
import dev.jnn.train.Evaluation;
import dev.jnn.train.Loss;
import dev.jnn.train.Trainer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jnn evaluate}: test-set accuracy and loss of a saved model. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a saved model on the MNIST test set: accuracy and mean cross-entropy loss.")
public final class EvaluateCommand implements Callable<Integer> {
    private final Io io;

    @Option(names = "--weights", paramLabel = "FILE", required = true, description = "The model file (safetensors).")
    Path weights;

    @Option(names = "--model", paramLabel = "NAME",
            description = "mlp, bn-mlp, cnn, lenet, linear or speedrun (default: the model the file says it holds, which jnn "
                    + "writes into every model file; cnn for a file that names none).")
    String model;

    @Mixin
    CommonOptions.BackendChoice backend;

    @Mixin
    CommonOptions.DataDir data;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000", description = "Evaluation batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    CommonOptions.Verbose verbose;

    EvaluateCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1) throw new dev.jnn.app.UsageException("--batch-size must be at least 1, got " + batchSize);
        try (ModelArgs m = ModelArgs.load(model, backend, weights, io)) {
            MnistData d = new MnistData(data.dataDir, io);
            long t0 = System.nanoTime();
            Evaluation e = Trainer.evaluate(m.model(), Loss.crossEntropy(),
                    MnistData.evalLoader(d.test(), batchSize, m.mean(), m.std()));
            double s = (System.nanoTime() - t0) / 1e9;
            io.out().printf(Locale.ROOT, "%s on the MNIST test set (%,d images): accuracy %.2f%%, loss %.4f (%.1f s, %s)%n",
                    weights, e.samples(), 100 * e.accuracy(), e.loss(), s, m.backend().name());
        }
        return 0;
    }
}
