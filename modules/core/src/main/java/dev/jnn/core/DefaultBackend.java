package dev.jnn.core;

import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;

/**
 * The backend that tensor factories without an explicit backend use, like PyTorch's default device.
 *
 * <p>Applications set it once ({@code DefaultBackend.set(backend)}); code that never sets it gets the
 * {@code vector} backend, created on first use. That is a default, not a fallback: asking for a
 * backend that is missing or unavailable is always an error.
 */
public final class DefaultBackend {
    private static volatile Backend current;

    private DefaultBackend() {
    }

    /** The default backend, creating {@code vector} on first use if none was set. */
    public static Backend get() {
        Backend b = current;
        if (b == null) {
            synchronized (DefaultBackend.class) {
                if (current == null) {
                    current = Backends.load().create("vector", BackendConfig.defaults());
                }
                b = current;
            }
        }
        return b;
    }

    /** Makes {@code backend} the default for tensor factories. */
    public static void set(Backend backend) {
        current = backend;
    }

    /**
     * Forgets {@code backend} if it is the default, for code that closes it; the next {@link #get()}
     * creates {@code vector} again. Does nothing when another backend is the default.
     */
    public static void release(Backend backend) {
        synchronized (DefaultBackend.class) {
            if (current == backend) current = null;
        }
    }
}
