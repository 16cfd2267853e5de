package dev.jnn.app;

import java.io.PrintStream;

/**
 * Where commands write: normal output and error lines. Tests pass their own streams.
 *
 * @param out results, progress and epoch lines
 * @param err error lines
 */
public record Io(PrintStream out, PrintStream err) {
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
