package dev.jnn.backend.onednn;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.core.Backends;
import dev.jnn.core.spi.Availability;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.tck.BackendConformance;

/** The onednn backend, found through ServiceLoader, runs the whole conformance kit on 2 threads. */
class OneDnnBackendConformanceTest extends BackendConformance {
    @Override
    protected Backend createBackend() {
        Backends backends = Backends.load();
        Availability a = backends.entries().stream().filter(e -> e.name().equals("onednn")).findFirst()
                .map(Backends.Entry::availability).orElse(Availability.unavailable("no onednn provider found"));
        assumeTrue(a.available(), a.toString());
        return backends.create("onednn", new BackendConfig(2, false));
    }
}
