package dev.jnn.app.cli;

import dev.jnn.app.Io;
import dev.jnn.app.UsageException;
import dev.jnn.app.wiring.MnistData;
import dev.jnn.train.listeners.PredictionImages;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jnn predict}: the first test digits, predicted against true, printed and drawn. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict the first N MNIST test digits with a saved model; print predicted vs true and draw them.")
public final class PredictCommand implements Callable<Integer> {
    private final Io io;

    @Option(names = "--weights", paramLabel = "FILE", required = true, description = "The model file (safetensors).")
    Path weights;

    @Option(names = "--model", paramLabel = "NAME",
            description = "mlp, bn-mlp, cnn, lenet, linear or speedrun (default: the model the file says it holds, which jnn "
                    + "writes into every model file; cnn for a file that names none).")
    String model;

    @Option(names = "--count", paramLabel = "N", defaultValue = "20", description = "How many test digits (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--out", paramLabel = "FILE.png", defaultValue = "predictions.png",
            description = "The image to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    CommonOptions.BackendChoice backend;

    @Mixin
    CommonOptions.DataDir data;

    @Mixin
    CommonOptions.Verbose verbose;

    PredictCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        if (count < 1 || count > 10_000) throw new UsageException("--count must be in 1..10000, got " + count);
        if (model != null) ModelArgs.recipe(model);   // a wrong name is reported before the fonts are checked
        PlotFonts.requireUsable("or run predict where fonts are installed (its output is a PNG; evaluate needs none)");
        int[][] pt;
        try (ModelArgs m = ModelArgs.load(model, backend, weights, io)) {
            MnistData d = new MnistData(data.dataDir, io);
            pt = PredictionImages.write(m.model(), MnistData.evalLoader(d.test(), Math.min(count, 1000), m.mean(), m.std()),
                    count, m.mean(), m.std(), out);
        }
        int wrong = 0;
        for (int i = 0; i < pt[0].length; i++) {
            boolean ok = pt[0][i] == pt[1][i];
            if (!ok) wrong++;
            io.out().printf(Locale.ROOT, "#%-5d predicted %d  true %d%s%n", i, pt[0][i], pt[1][i], ok ? "" : "  WRONG");
        }
        io.out().printf(Locale.ROOT, "%d of %d correct; image written to %s%n", pt[0].length - wrong, pt[0].length, out);
        return 0;
    }
}
