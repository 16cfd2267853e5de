package dev.jnn.backend.cuda.internal;

import dev.jnn.core.spi.Availability;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.BackendProvider;
import java.util.List;

/**
 * Provides the "cuda" backend. Its probe finds the libraries (loading none when one is missing),
 * asks the CUDA runtime for the driver and devices, and only then loads cuBLAS, cuDNN and NVRTC for
 * their versions; every failure becomes a reason, never a crash.
 */
public final class CudaBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public Availability probe() {
        try {
            Availability a = CudaProbe.probe();
            return a.available() ? a : Availability.unavailable(a.reasons().stream().map(r -> "cuda: " + r).toList());
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable(List.of("cuda: probing CUDA failed: " + e));
        }
    }

    @Override
    public Backend create(BackendConfig config) {
        Availability a = probe();
        if (!a.available()) {
            throw new IllegalStateException("backend cuda is not available: " + String.join("; ", a.reasons()));
        }
        return new CudaBackend(config);
    }
}
