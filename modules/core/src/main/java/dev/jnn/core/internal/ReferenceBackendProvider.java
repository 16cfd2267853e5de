package dev.jnn.core.internal;

import dev.jnn.core.spi.Availability;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.BackendProvider;
import dev.jnn.core.spi.ReferenceBackend;

/** Provides core's {@link ReferenceBackend} as {@code reference}: always available, no native code. */
public final class ReferenceBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "reference";
    }

    @Override
    public Availability probe() {
        return Availability.available("scalar Java reference kernels, 1 thread: slow, for checking and debugging");
    }

    @Override
    public Backend create(BackendConfig config) {
        return new ReferenceBackend();
    }
}
