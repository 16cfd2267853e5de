package dev.jnn.app.cli;

import dev.jnn.app.Io;
import dev.jnn.core.Backends;
import dev.jnn.core.KernelCoverage;
import dev.jnn.core.spi.Availability;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.distributed.ProcessGroups;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jnn backends}: every backend found, whether it can run here, and where it came from; then the
 * collective libraries for {@code --distributed} the same way.
 */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List the backends and the collective libraries (--distributed) found on the module path: available or why not, "
                + "details, and where each came from.")
public final class BackendsCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    CommonOptions.Verbose verbose;

    @Mixin
    CommonOptions.Plugins plugins;

    @Option(names = "--ops", description = "Also say, for each available backend, which kernels it runs itself and which "
            + "fall back to core's reference kernels (scalar Java on host copies).")
    boolean ops;

    BackendsCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Backends registry = dev.jnn.app.wiring.PluginRegistry.load(plugins.dir);
        var entries = registry.entries();
        if (entries.isEmpty()) {
            io.out().println("no backends found: put a backend module (e.g. jnn-backend-vector) on the module path");
            return 1;
        }
        for (Backends.Entry e : entries) {
            print(e.name(), e.availability(), e.source());
            if (ops && e.availability().available()) printCoverage(registry, e.name());
        }
        io.out().println();
        io.out().println("collectives for --distributed:");
        for (ProcessGroups.Entry e : ProcessGroups.load().entries()) print(e.name(), e.availability(), e.source());
        return 0;
    }

    private void print(String name, Availability a, String source) {
        io.out().printf("%-8s %s%n", name, a.available() ? "available" : "not available");
        if (a.available()) {
            if (a.details() != null && !a.details().isBlank()) io.out().println("         " + a.details());
        } else {
            for (String reason : a.reasons()) io.out().println("         because " + reason);
        }
        io.out().println("         from " + source);
    }

    private void printCoverage(Backends registry, String name) {
        try (Backend b = registry.create(name, new BackendConfig(1, false))) {
            KernelCoverage c = KernelCoverage.of(b);
            io.out().println("         own kernels (" + c.own().size() + "): " + joined(c.own()));
            if (!c.composed().isEmpty()) {
                io.out().println("         composed of its own (" + c.composed().size() + "): " + joined(c.composed()));
            }
            io.out().println("         reference kernels (" + c.reference().size() + "): "
                    + (c.reference().isEmpty() ? "none" : joined(c.reference())));
        }
    }

    private static String joined(List<String> names) {
        return String.join(", ", names);
    }
}
