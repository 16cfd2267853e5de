package dev.jnn.backend.vector;

import dev.jnn.backend.vector.internal.VectorBackendProvider;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;

/**
 * Creates the "vector" backend directly, for a backend module that runs its host kernels: the
 * onednn backend hands it the ops oneDNN has no primitive for. Both keep tensors in plain 64-byte
 * aligned host memory ({@link dev.jnn.core.spi.HostBackend}), and the vector kernels read and write
 * only a view's segment, so they work on the other backend's tensors as they are.
 *
 * <p>Applications choose a backend by name through {@code dev.jnn.core.Backends}, not through this
 * class.
 */
public final class VectorBackends {
    private VectorBackends() {
    }

    /**
     * A new vector backend; the caller closes it.
     *
     * @param config the thread count its kernels run on (TF32 does not apply)
     * @return the backend, named "vector"
     * @throws IllegalStateException if {@code jdk.incubator.vector} is not usable, with the reason
     */
    public static Backend create(BackendConfig config) {
        VectorBackendProvider provider = new VectorBackendProvider();
        var availability = provider.probe();
        if (!availability.available()) {
            throw new IllegalStateException("backend vector is not available: " + String.join("; ", availability.reasons()));
        }
        return provider.create(config);
    }
}
