package dev.jnn.app;

import dev.jnn.data.MnistFetcher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One in-process run of the command line with captured output. */
record CliRun(int code, String out, String err) {
    static CliRun of(String... args) {
        return with(MnistFetcher.standard(), args);
    }

    /** A run whose MNIST downloads go through {@code fetcher} (see {@link SyntheticMnist#fetcher}). */
    static CliRun with(MnistFetcher fetcher, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new Io(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), fetcher));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The error output as lines. */
    java.util.List<String> errLines() {
        return err.lines().toList();
    }
}
