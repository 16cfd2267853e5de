package dev.jnn.backend.cuda.internal;

import dev.jnn.core.spi.Availability;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.BackendProvider;
import java.util.List;

/**
 * Provides the "cuda" backend. Its probe finds the libraries (loading none when one is missing),
 * asks the CUDA runtime for the driver and devices, and only then loads cuBLAS, cuDNN and NVRTC for
 * their versions; every failure becomes a reason, never a crash. Without native access for this
 * module ({@code --enable-native-access=dev.jnn.backend.cuda}, which the {@code jnn} launcher gives)
 * it only finds the files, and says the backend needs that flag.
 */
public final class CudaBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public Availability probe() {
        Module module = getClass().getModule();
        if (!module.isNativeAccessEnabled()) {
            // No library is loaded without native access: each restricted call would print the JDK's
            // warning in every program that merely has this module on its path.
            return prefixed(Availability.unavailable(CudaProbe.withoutNativeAccess(CudaLibraries.system().locateAll(), module)));
        }
        try {
            return prefixed(CudaProbe.probe());
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable(List.of("cuda: probing CUDA failed: " + e));
        }
    }

    private static Availability prefixed(Availability a) {
        return a.available() ? a : Availability.unavailable(a.reasons().stream().map(r -> "cuda: " + r).toList());
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
