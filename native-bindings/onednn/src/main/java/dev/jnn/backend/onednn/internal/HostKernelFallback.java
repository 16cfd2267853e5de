package dev.jnn.backend.onednn.internal;

import dev.jnn.core.spi.Availability;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.BackendProvider;
import java.util.ServiceLoader;

/**
 * Finds the "vector" backend, whose kernels run the ops oneDNN lacks (layout ops, cross-entropy,
 * dropout, optimizer updates, sign, pow, argmax) on this backend's host memory. Both backends keep
 * tensors in plain 64-byte aligned host memory and the vector kernels only read and write
 * {@code tensor.segment()}, so its kernels work on onednn tensors as they are.
 *
 * <p>It is looked up through ServiceLoader by name, not required as a module, so onednn still
 * works without it: core's reference kernels then run those ops.
 */
final class HostKernelFallback {
    /** The backend whose kernels are borrowed. */
    static final String NAME = "vector";

    private HostKernelFallback() {
    }

    /** A new vector backend with {@code config}, or null when none is installed or it cannot run. */
    static Backend create(BackendConfig config) {
        try {
            for (BackendProvider p : ServiceLoader.load(BackendProvider.class, HostKernelFallback.class.getClassLoader())) {
                if (!NAME.equals(p.name())) continue;
                Availability a = p.probe();
                return a.available() ? p.create(config) : null;
            }
        } catch (RuntimeException | java.util.ServiceConfigurationError | LinkageError e) {
            // A broken vector backend must not take onednn down: core's reference kernels remain.
        }
        return null;
    }
}
