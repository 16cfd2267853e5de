package dev.jnn.distributed.nccl.internal;

import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Availability;
import dev.jnn.distributed.ProcessGroup;
import dev.jnn.distributed.spi.GroupConfig;
import dev.jnn.distributed.spi.ProcessGroupProvider;
import java.util.List;

/**
 * Provides the "nccl" process group. Its probe finds libnccl and the CUDA runtime (loading neither
 * when one is missing), then asks NCCL its version and the runtime for GPUs; every failure becomes a
 * reason, never a crash.
 */
public final class NcclProvider implements ProcessGroupProvider {
    /** The libraries, loaded once per process on first use. */
    private static Nccl system;

    private final Nccl fixed;
    private final boolean hostMemoryAllowed;

    /** The provider ServiceLoader makes: the libraries the search finds. */
    public NcclProvider() {
        this(null, false);
    }

    /** A provider over already loaded libraries (tests: the fake libnccl, which also reduces host memory). */
    NcclProvider(Nccl nccl, boolean hostMemoryAllowed) {
        this.fixed = nccl;
        this.hostMemoryAllowed = hostMemoryAllowed;
    }

    @Override
    public String name() {
        return "nccl";
    }

    private static synchronized Nccl system(NcclLibraries libs) {
        if (system == null) system = Nccl.load(libs.nccl(), libs.cudart());
        return system;
    }

    /** The loaded libraries, or (nccl null) the reasons there are none. */
    private record Loaded(Nccl nccl, List<String> reasons) {
    }

    private Loaded libraries() {
        if (fixed != null) return new Loaded(fixed, List.of());
        NcclLibraries libs = NcclLibraries.find();
        if (!libs.missing().isEmpty()) return new Loaded(null, libs.missing());
        return new Loaded(system(libs), List.of());
    }

    @Override
    public Availability probe() {
        try {
            Loaded l = libraries();
            if (l.nccl() == null) return Availability.unavailable(l.reasons().stream().map(r -> "nccl: " + r).toList());
            Nccl nccl = l.nccl();
            String version = "NCCL " + Nccl.versionText(nccl.version()) + " (" + nccl.ncclFile() + ")";
            int devices;
            try {
                devices = nccl.deviceCount();
            } catch (NcclException e) {
                return Availability.unavailable("nccl: " + version + " found, but no usable GPU: " + e.getMessage());
            }
            if (devices == 0) return Availability.unavailable("nccl: " + version + " found, but cudaGetDeviceCount says 0 GPUs");
            return Availability.available(version + ", CUDA runtime " + nccl.cudartFile() + ", " + devices + " GPU" + (devices == 1 ? "" : "s"));
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("nccl: probing NCCL failed: " + e);
        }
    }

    @Override
    public ProcessGroup create(GroupConfig config) {
        Availability a = probe();
        if (!a.available()) throw new IllegalStateException("collective library nccl is not available: " + String.join("; ", a.reasons()));
        if (!hostMemoryAllowed) {
            Tensor probe = Tensor.empty(config.backend(), Shape.of(1));
            boolean host = probe.storage().block().hostAccessible();
            probe.storage().release();
            if (host) {
                throw new IllegalStateException("nccl reduces GPU memory, but backend " + config.backend().name()
                        + " keeps tensors in host memory: use the cuda backend (or the mpi collectives on CPUs)");
            }
        }
        return NcclProcessGroup.start(libraries().nccl(), config, hostMemoryAllowed);
    }
}
