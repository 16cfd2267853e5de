package dev.jnn.app;

import dev.jnn.app.cli.Cli;

/**
 * The {@code jnn} command line. Exit codes: 0 success, 2 bad usage, 1 failure at run time; each
 * error is one line on standard error, with the stack trace only under {@code --verbose}.
 */
public final class Main {
    private Main() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        int code = run(args, Io.system());
        System.out.flush();
        System.exit(code);
    }

    /** Runs the command line with the given streams and returns the exit code (for tests and embedding). */
    public static int run(String[] args, Io io) {
        return Cli.create(io).execute(args);
    }
}
