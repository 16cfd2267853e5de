package dev.jnn.backend.vector;

import dev.jnn.core.Backends;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.tck.BackendConformance;

/** The vector backend, found through ServiceLoader, runs the whole conformance kit on 2 threads. */
class VectorBackendConformanceTest extends BackendConformance {
    @Override
    protected Backend createBackend() {
        return Backends.load().create("vector", new BackendConfig(2, false));
    }
}
