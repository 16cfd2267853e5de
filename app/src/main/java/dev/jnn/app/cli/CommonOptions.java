package dev.jnn.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options several commands share (picocli mixins). */
final class CommonOptions {
    private CommonOptions() {
    }

    /** {@code --verbose}: stack traces on errors. */
    static final class Verbose {
        @Option(names = "--verbose", description = "Show the stack trace of an error.")
        boolean verbose;
    }

    /** {@code --backend}, {@code --threads} and {@code --plugins}. */
    static final class BackendChoice {
        @Option(names = "--backend", paramLabel = "NAME", defaultValue = "vector",
                description = "Compute backend: vector, onednn or cuda, as 'jnn backends' lists them (default: ${DEFAULT-VALUE}).")
        String backend;

        @Option(names = "--threads", paramLabel = "N",
                description = "Compute threads of a CPU backend (default: one per processor).")
        Integer threads;

        @Mixin
        Plugins plugins;
    }

    /** {@code --plugins}: a folder of third-party backend jars. */
    static final class Plugins {
        @Option(names = "--plugins", paramLabel = "DIR",
                description = "Folder of backend plugin jars, loaded as modules (default: $JNN_PLUGINS).")
        Path dir;
    }

    /** {@code --data-dir}. */
    static final class DataDir {
        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "Folder holding MNIST's four IDX files, or another data set's under those names (default: $JNN_DATA,"
                        + " else ~/.jnn/data/mnist). MNIST is fetched only into a new or empty folder, or the default one.")
        Path dataDir;
    }
}
