package dev.jnn.backend.onednn.internal;

import dev.jnn.core.spi.Availability;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.BackendProvider;

/**
 * Provides the "onednn" CPU backend. Its probe loads {@code libdnnl.so.3} (extracting it from the
 * bundled jar the first time) and asks it for its version and CPU ISA: that runs oneDNN's library
 * initialisers but no computation, and any failure becomes a reason, never a crash.
 */
public final class OneDnnBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "onednn";
    }

    @Override
    public Availability probe() {
        try {
            OneDnnLibrary lib = OneDnnLibrary.get();
            return Availability.available("oneDNN " + OneDnnOps.version() + ", ISA " + OneDnnOps.cpuIsa()
                    + (InfoCalls.canSetThreads() ? "" : ", no OpenMP thread control") + ", " + lib.path());
        } catch (OneDnnUnavailableException e) {
            return Availability.unavailable("onednn: " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("onednn: probing oneDNN failed: " + e);
        }
    }

    @Override
    public Backend create(BackendConfig config) {
        Availability a = probe();
        if (!a.available()) {
            throw new IllegalStateException("backend onednn is not available: " + String.join("; ", a.reasons()));
        }
        return new OneDnnBackend(config);
    }
}
