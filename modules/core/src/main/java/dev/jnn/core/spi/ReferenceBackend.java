package dev.jnn.core.spi;

/**
 * The {@code reference} backend: host memory and nothing else, so every kernel is core's scalar
 * reference kernel, the specification the others are tested against. Slow by design; for checking
 * another backend (the conformance kit compares against it), for debugging, and as the smallest
 * example of a backend.
 */
public final class ReferenceBackend extends HostBackend {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String description() {
        return "reference: jnn core's scalar Java kernels, 1 thread (slow; the specification)";
    }

    @Override
    public int threads() {
        return 1;
    }
}
