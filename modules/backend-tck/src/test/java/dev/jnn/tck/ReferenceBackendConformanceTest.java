package dev.jnn.tck;

import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.ReferenceBackend;

/**
 * Runs the kit on the reference backend itself: compares it with itself (trivially equal) but
 * checks every reference kernel against finite differences and the hand-computed cases.
 */
class ReferenceBackendConformanceTest extends BackendConformance {
    @Override
    protected Backend createBackend() {
        return new ReferenceBackend();
    }
}
