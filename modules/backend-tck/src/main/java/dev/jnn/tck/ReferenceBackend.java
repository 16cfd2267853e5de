package dev.jnn.tck;

import dev.jnn.core.spi.HostBackend;

/**
 * The smallest possible backend: host memory and nothing else, so every kernel is core's scalar
 * reference. The kit compares the backend under test against it.
 */
public final class ReferenceBackend extends HostBackend {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String description() {
        return "reference: scalar Java kernels of jnn's core";
    }

    @Override
    public int threads() {
        return 1;
    }
}
