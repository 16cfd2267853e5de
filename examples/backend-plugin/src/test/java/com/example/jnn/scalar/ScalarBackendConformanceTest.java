package com.example.jnn.scalar;

import dev.jnn.core.spi.Backend;
import dev.jnn.tck.BackendConformance;

/**
 * The plugin proves itself with jnn's conformance kit. Public, so that a build whose Surefire cannot
 * run JUnit 5 fails (the kit's testNeedsJUnitPlatform) instead of passing with no test run.
 */
public class ScalarBackendConformanceTest extends BackendConformance {
    @Override
    protected Backend createBackend() {
        return new ScalarBackendProvider().create(dev.jnn.core.spi.BackendConfig.defaults());
    }
}
