package dev.jnn.distributed.spi;

import dev.jnn.core.spi.Backend;
import dev.jnn.distributed.CollectiveException;
import dev.jnn.distributed.LaunchEnvironment;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a {@link ProcessGroupProvider} needs to join a job.
 *
 * @param backend the compute backend whose tensors the group reduces (host memory for mpi, a GPU's for nccl)
 * @param launch this process's place as its launcher's environment says
 * @param timeout how long the rendezvous and one collective may take before the job is declared
 *     stuck (a dead peer is noticed within seconds, without it)
 * @param onPeerLost called once, from a watchdog thread, when a peer dies or aborts, with a one-line
 *     message naming it; {@link #exitOnPeerLost()} prints the line and ends the process, which is
 *     what a training run wants (MPI offers no way to leave a collective whose peer is gone)
 */
public record GroupConfig(Backend backend, LaunchEnvironment launch, Duration timeout, Consumer<CollectiveException> onPeerLost) {
    /** The default timeout of a collective or the rendezvous: 10 minutes, as NCCL's in PyTorch. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public GroupConfig {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(launch, "launch");
        Objects.requireNonNull(onPeerLost, "onPeerLost");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }

    /** The default configuration: 10-minute timeout, and a lost peer ends this process with one line. */
    public static GroupConfig of(Backend backend, LaunchEnvironment launch) {
        return new GroupConfig(backend, launch, DEFAULT_TIMEOUT, exitOnPeerLost());
    }

    /** This configuration with another timeout. */
    public GroupConfig withTimeout(Duration t) {
        return new GroupConfig(backend, launch, t, onPeerLost);
    }

    /** This configuration with another handler of a lost peer. */
    public GroupConfig withOnPeerLost(Consumer<CollectiveException> handler) {
        return new GroupConfig(backend, launch, timeout, handler);
    }

    /**
     * Prints {@code "jnn: <message>"} on standard error and halts the process with exit code 1: its
     * collective calls cannot finish any more, and files being written were going to temporary names
     * (the last checkpoint stays intact).
     */
    public static Consumer<CollectiveException> exitOnPeerLost() {
        return e -> {
            System.err.println("jnn: " + e.getMessage());
            System.err.flush();
            Runtime.getRuntime().halt(1);
        };
    }
}
