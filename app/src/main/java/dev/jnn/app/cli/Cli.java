package dev.jnn.app.cli;

import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import dev.jnn.app.Io;
import dev.jnn.app.UsageException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Builds the picocli command line and turns every failure into an exit code and one line:
 * 2 for bad usage (picocli's parse errors, {@link UsageException}), 1 for anything else.
 */
public final class Cli {
    private Cli() {
    }

    /** Guice's line-number lookup (for error messages) cannot read Java 25 class files and says so; quiet it. */
    private static final java.util.logging.Logger GUICE_LOG = java.util.logging.Logger.getLogger("com.google.inject");

    /** The {@code jnn} command line writing to {@code io}. */
    public static CommandLine create(Io io) {
        // Guice defines the fast-access classes it generates in an unnamed module, which cannot reach
        // dev.jnn.app's packages; with generation off it uses reflection through the `opens` in
        // module-info. Set before Guice reads its flags (on first use); a -D on the command line wins.
        if (System.getProperty("guice_bytecode_gen_option") == null) System.setProperty("guice_bytecode_gen_option", "DISABLED");
        if (System.getProperty("guice_include_stack_traces") == null) System.setProperty("guice_include_stack_traces", "OFF");
        GUICE_LOG.setLevel(java.util.logging.Level.OFF);
        CommandLine cl = new CommandLine(new JnnCommand(), new Factory(io));
        HelpSections.install(cl.getSubcommands().get("train"), TrainCommand.HELP_SECTIONS);
        cl.setOut(new PrintWriter(io.out(), true));
        cl.setErr(new PrintWriter(io.err(), true));
        cl.setParameterExceptionHandler((ex, args) -> {
            String cmd = ex.getCommandLine().getCommandName();
            io.err().println("jnn: " + firstLine(ex.getMessage()) + " (see 'jnn " + (cmd.equals("jnn") ? "" : cmd + " ")
                    + "--help')");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable cause = unwrap(ex);
            boolean usage = cause instanceof UsageException;
            io.err().println("jnn " + cmd.getCommandName() + ": " + describe(cause));
            if (verbose(parsed)) {
                ex.printStackTrace(io.err());
            }
            return usage ? 2 : 1;
        });
        return cl;
    }

    /** The exception that says what went wrong, without Guice's and I/O wrappers. */
    static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        for (int i = 0; i < 10 && cur.getCause() != null; i++) {
            if (cur instanceof ProvisionException || cur instanceof CreationException || cur instanceof ConfigurationException
                    || cur instanceof UncheckedIOException || cur instanceof CommandLine.ExecutionException) {
                cur = cur.getCause();
            } else {
                break;
            }
        }
        return cur;
    }

    private static String describe(Throwable t) {
        String msg = t.getMessage();
        boolean ours = t instanceof RuntimeException && t.getClass().getName().startsWith("dev.jnn.")
                || t instanceof IllegalArgumentException || t instanceof java.io.IOException
                || t instanceof IllegalStateException;
        if (msg == null || msg.isBlank()) {
            return "internal error: " + t.getClass().getName() + " (run again with --verbose for the stack trace)";
        }
        if (t instanceof java.nio.file.NoSuchFileException) return "no such file: " + msg;
        if (t instanceof java.nio.file.AccessDeniedException) return "permission denied: " + msg;
        if (t instanceof OutOfMemoryError) return "out of memory (raise JNN_HEAP, e.g. JNN_HEAP=2g): " + msg;
        return ours ? firstLine(msg) : t.getClass().getSimpleName() + ": " + firstLine(msg)
                + " (run again with --verbose for the stack trace)";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }

    /** Creates commands with an {@link Io} constructor when they have one. */
    private record Factory(Io io) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (Constructor<?> c : cls.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Io.class) {
                    return cls.cast(c.newInstance(io));
                }
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
