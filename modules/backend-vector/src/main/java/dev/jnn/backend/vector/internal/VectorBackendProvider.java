package dev.jnn.backend.vector.internal;

import dev.jnn.core.spi.Availability;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.BackendProvider;
import jdk.incubator.vector.FloatVector;

/** Provides the "vector" backend: always available where the JDK has jdk.incubator.vector. */
public final class VectorBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "vector";
    }

    @Override
    public Availability probe() {
        try {
            int lanes = FloatVector.SPECIES_PREFERRED.length();
            return Availability.available(lanes * 32 + "-bit vectors (" + lanes + " floats), "
                    + Runtime.getRuntime().availableProcessors() + " processors");
        } catch (LinkageError e) {
            return Availability.unavailable("jdk.incubator.vector is not usable: " + e
                    + " (run with --add-modules jdk.incubator.vector)");
        }
    }

    @Override
    public Backend create(BackendConfig config) {
        return new VectorBackend(config);
    }
}
