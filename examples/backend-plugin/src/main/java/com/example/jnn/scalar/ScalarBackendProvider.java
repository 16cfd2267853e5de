package com.example.jnn.scalar;

import dev.jnn.core.spi.Availability;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.BackendProvider;

/** Provides the "scalar" backend. Cheap: probing loads nothing. */
public final class ScalarBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public Availability probe() {
        return Availability.available("example plugin: plain Java, 1 thread");
    }

    @Override
    public Backend create(BackendConfig config) {
        return new ScalarBackend();
    }
}
