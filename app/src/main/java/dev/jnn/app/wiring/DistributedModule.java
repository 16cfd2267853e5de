package dev.jnn.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.jnn.app.Io;
import dev.jnn.core.spi.Backend;
import dev.jnn.distributed.LaunchEnvironment;

/** Provides the run's {@link Distributed}: the job named by {@code --distributed}, or a single process. */
public final class DistributedModule extends AbstractModule {
    private final String name;
    private final LaunchEnvironment launch;
    private final Io io;

    /**
     * @param name the collective library ({@code mpi}, {@code nccl}), or null for a single process
     * @param launch the launcher's view of this process
     * @param io where a lost peer is reported
     */
    public DistributedModule(String name, LaunchEnvironment launch, Io io) {
        this.name = name;
        this.launch = launch;
        this.io = io;
    }

    /** A single process: no --distributed. */
    public static DistributedModule single(Io io) {
        return new DistributedModule(null, LaunchEnvironment.single(), io);
    }

    @Provides
    @Singleton
    Distributed distributed(Backend backend) {
        return name == null ? Distributed.single() : Distributed.start(name, launch, backend, io.err());
    }
}
