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
 * works without it: core's reference kernels then run those ops, and {@link #reason()} says why.
 *
 * @param backend the vector backend, or null
 * @param reason why there is none (empty when there is one)
 */
record HostKernelFallback(Backend backend, String reason) {
    /** The backend whose kernels are borrowed. */
    static final String NAME = "vector";

    /** A new vector backend with {@code config}, or the reason there is none. */
    static HostKernelFallback create(BackendConfig config) {
        try {
            for (BackendProvider p : ServiceLoader.load(BackendProvider.class, HostKernelFallback.class.getClassLoader())) {
                if (!NAME.equals(p.name())) continue;
                Availability a = p.probe();
                if (!a.available()) return new HostKernelFallback(null, NAME + " " + a);
                return new HostKernelFallback(p.create(config), "");
            }
            return new HostKernelFallback(null, "no " + NAME + " backend installed");
        } catch (RuntimeException | java.util.ServiceConfigurationError | LinkageError e) {
            // A broken vector backend must not take onednn down: core's reference kernels remain.
            return new HostKernelFallback(null, NAME + " backend failed to load: " + e);
        }
    }
}
