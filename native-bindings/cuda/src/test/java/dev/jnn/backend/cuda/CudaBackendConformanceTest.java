package dev.jnn.backend.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.core.Backends;
import dev.jnn.core.spi.Availability;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.tck.BackendConformance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cuda backend, found through ServiceLoader, runs the whole conformance kit with TF32 off;
 * the class is disabled, with the probe's reasons as the message, where there is no usable GPU.
 */
@ExtendWith(RequiresGpu.class)
class CudaBackendConformanceTest extends BackendConformance {
    @Override
    protected Backend createBackend() {
        Backends backends = Backends.load();
        Availability a = backends.entries().stream().filter(e -> e.name().equals("cuda")).findFirst()
                .map(Backends.Entry::availability).orElse(Availability.unavailable("no cuda provider found"));
        assumeTrue(a.available(), a.toString());
        return backends.create("cuda", new BackendConfig(1, false));
    }
}
