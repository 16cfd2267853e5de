package com.example.jnn.scalar;

import dev.jnn.core.spi.Backend;
import dev.jnn.tck.BackendConformance;

/** The plugin proves itself with jnn's conformance kit. */
class ScalarBackendConformanceTest extends BackendConformance {
    @Override
    protected Backend createBackend() {
        return new ScalarBackendProvider().create(dev.jnn.core.spi.BackendConfig.defaults());
    }
}
