package dev.jnn.app.cli;

import picocli.CommandLine.Command;

/** The top-level {@code jnn} command; it only dispatches to subcommands. */
@Command(name = "jnn", mixinStandardHelpOptions = true, version = "jnn 0.1.0",
        description = "Deep learning in Java: train, evaluate and inspect the seed tutorials' MNIST models.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, SummaryCommand.class,
                BackendsCommand.class, FetchDataCommand.class},
        footer = {"", "Run 'jnn <command> --help' for a command's options."})
public final class JnnCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command: train, evaluate, predict, "
                + "summary, backends or fetch-data");
    }
}
