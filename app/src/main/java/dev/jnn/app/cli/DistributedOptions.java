package dev.jnn.app.cli;

import dev.jnn.app.Io;
import dev.jnn.app.UsageException;
import dev.jnn.distributed.LaunchEnvironment;
import java.io.OutputStream;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/** {@code --distributed}: data-parallel training, one process per rank (a picocli mixin of train). */
final class DistributedOptions {
    @Option(names = "--distributed", paramLabel = "NAME",
            description = {"Train data-parallel, one process per rank: mpi (CPUs; start the ranks with mpirun -np N ./jnn train ...) "
                    + "or nccl (GPUs; RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT as torchrun sets them, or mpirun).",
                    "The batch size stays the global batch, split evenly over the ranks; only rank 0 prints and writes files."})
    String name;

    /** This process's place as its launcher says (read before any library starts), checked against the flag. */
    LaunchEnvironment launch() {
        LaunchEnvironment launch;
        try {
            launch = LaunchEnvironment.detect();
        } catch (IllegalArgumentException e) {
            // Stray or half-set variables (a RANK of some other tool) do not stop a single-process run.
            if (name == null) return LaunchEnvironment.single();
            throw new UsageException("cannot tell this process's rank: " + e.getMessage());
        }
        if (name != null && !name.equals("mpi") && !name.equals("nccl")) {
            throw new UsageException("--distributed must be mpi or nccl, got '" + name + "' (see 'jnn backends' for what is installed)");
        }
        return launch;
    }

    /** Refuses a job of several processes without --distributed: each would train alone and write the same files. */
    void check(LaunchEnvironment launch) {
        if (name == null && launch.distributed()) {
            throw new UsageException(launch.launcher() + " started this process as rank " + launch.rank() + " of " + launch.worldSize()
                    + " but --distributed is not given: each rank would train alone into the same files; add --distributed mpi (or nccl)");
        }
    }

    /** Compute threads per rank when --threads is not given: the node's processors shared by its ranks. */
    static int threadsPerRank(LaunchEnvironment launch) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / launch.localWorldSize());
    }

    /** Rank 0 prints; the others keep only their error stream. */
    static Io forRank(Io io, LaunchEnvironment launch) {
        return launch.rank() == 0 ? io : new Io(new PrintStream(OutputStream.nullOutputStream()), io.err());
    }
}
