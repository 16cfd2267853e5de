package dev.jnn.app.wiring;

import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Guice with the app's errors left intact: a provider's exception comes out as itself (a one-line
 * {@code UsageException}, {@code IOException}, ...) instead of wrapped in Guice's multi-line report.
 */
public final class Wiring {
    private final Injector injector;

    private Wiring(Injector injector) {
        this.injector = injector;
    }

    /** An injector over {@code modules}. */
    public static Wiring of(Module... modules) throws IOException {
        try {
            return new Wiring(Guice.createInjector(modules));
        } catch (CreationException e) {
            throw rethrow(e);
        }
    }

    /** The instance Guice provides for {@code type}. */
    public <T> T get(Class<T> type) throws IOException {
        try {
            return injector.getInstance(type);
        } catch (ProvisionException | ConfigurationException e) {
            throw rethrow(e);
        }
    }

    /** The first cause that is not Guice's, rethrown as it is (checked IOExceptions included). */
    private static RuntimeException rethrow(RuntimeException guice) throws IOException {
        Throwable c = guice.getCause();
        while (c != null && (c instanceof ProvisionException || c instanceof CreationException || c instanceof UncheckedIOException
                && c.getCause() != null)) {
            c = c.getCause();
        }
        if (c instanceof IOException io) throw io;
        if (c instanceof RuntimeException re) return re;
        if (c instanceof Error err) throw err;
        // No cause: a wiring mistake in the app itself; Guice's own report is the useful message then.
        return guice;
    }
}
