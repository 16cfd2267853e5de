package dev.jnn.app.wiring;

import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.distributed.DistributedDataParallel;
import dev.jnn.distributed.LaunchEnvironment;
import dev.jnn.distributed.ProcessGroup;
import dev.jnn.distributed.ProcessGroups;
import dev.jnn.distributed.ReduceOp;
import dev.jnn.distributed.spi.GroupConfig;
import dev.jnn.train.DataParallel;
import dev.jnn.train.Trainable;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A training run's place in a data-parallel job ({@code --distributed}): its process group, and the
 * {@link DistributedDataParallel} over the model once there is one. A run without
 * {@code --distributed} is {@linkplain #single() rank 0 of 1} with no group, and everything here is
 * then a no-op, so the wiring reads the same either way.
 */
public final class Distributed implements AutoCloseable {
    private final ProcessGroup group;
    private DistributedDataParallel ddp;

    private Distributed(ProcessGroup group) {
        this.group = group;
    }

    /** A single process: rank 0 of 1. */
    public static Distributed single() {
        return new Distributed(null);
    }

    /**
     * Joins the job through the collective library {@code name} (found by ServiceLoader). A peer that
     * dies makes this process print one line on {@code err} ({@code jnn train: rank 1 of 2 is gone: ...})
     * and halt: its collectives could not finish any more, and the files it writes go to temporary
     * names first, so the last checkpoint stays intact.
     */
    public static Distributed start(String name, LaunchEnvironment launch, Backend backend, PrintStream err) {
        GroupConfig config = GroupConfig.of(backend, launch).withTimeout(timeout()).withOnPeerLost(e -> {
            err.println("jnn train: " + e.getMessage());
            err.flush();
            Runtime.getRuntime().halt(1);
        });
        try {
            return new Distributed(ProcessGroups.load().create(name, config));
        } catch (IllegalStateException e) {
            // The library speaks of collective libraries; the command line names its flag.
            throw new IllegalStateException("--distributed " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * How long a collective may wait for the other ranks: {@code JNN_DISTRIBUTED_TIMEOUT} seconds, else
     * 10 minutes. The ranks wait in one while rank 0 evaluates and writes files at the end of an epoch,
     * so a large test set may need more.
     */
    static Duration timeout() {
        String s = System.getenv("JNN_DISTRIBUTED_TIMEOUT");
        if (s == null || s.isBlank()) return GroupConfig.DEFAULT_TIMEOUT;
        try {
            long seconds = Long.parseLong(s.trim());
            if (seconds > 0) return Duration.ofSeconds(seconds);
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new dev.jnn.app.UsageException("JNN_DISTRIBUTED_TIMEOUT must be a positive number of seconds, got '" + s + "'");
    }

    /** Whether this run is part of a data-parallel job. */
    public boolean enabled() {
        return group != null;
    }

    /** This process's rank (0 without a job). */
    public int rank() {
        return group == null ? 0 : group.rank();
    }

    /** The number of ranks (1 without a job). */
    public int size() {
        return group == null ? 1 : group.size();
    }

    /** Waits for every rank (nothing without a job). */
    public void barrier() {
        if (group != null) group.barrier();
    }

    /** The collective library's id ({@code mpi}, {@code nccl}), or null without a job. */
    public String name() {
        return group == null ? null : group.name();
    }

    /** One line for the console: provider, library and ranks. */
    public String description() {
        return group == null ? "single process" : group.size() + (group.size() == 1 ? " rank, " : " ranks, ") + group.description();
    }

    /**
     * The trainer's side of the job for {@code model}: builds the {@link DistributedDataParallel}
     * (every rank checks all have the same model) and copies rank 0's parameters and buffers to every
     * rank. Null without a job. Collective.
     */
    public DataParallel dataParallel(Trainable model) {
        if (group == null) return null;
        Set<Tensor> params = Collections.newSetFromMap(new IdentityHashMap<>());
        params.addAll(model.parameters());
        Map<String, Tensor> named = new LinkedHashMap<>();
        model.state().forEach((n, t) -> {
            if (params.contains(t)) named.put(n, t);
        });
        ddp = DistributedDataParallel.builder(group, named).build();
        ddp.broadcastFromRank0(model.state());
        return new DataParallel() {
            @Override
            public int rank() {
                return group.rank();
            }

            @Override
            public int worldSize() {
                return group.size();
            }

            @Override
            public void awaitGradients() {
                ddp.awaitGradients();
            }

            @Override
            public void sum(double[] values) {
                group.allReduce(values, ReduceOp.SUM);
            }
        };
    }

    /** The gradient all-reduce's counters, or null before training. */
    public DistributedDataParallel.Stats stats() {
        return ddp == null ? null : ddp.stats();
    }

    /** Tells the other ranks that this one stops because of {@code reason} (its first line); nothing without a job. */
    public void abort(String reason) {
        if (group == null) return;
        String line = reason == null ? "an error" : reason.lines().findFirst().orElse("an error");
        group.abort(line);
    }

    /** Leaves the job cleanly (every rank, after its last collective). */
    @Override
    public void close() {
        if (ddp != null) ddp.close();
        if (group != null) group.close();
    }
}
