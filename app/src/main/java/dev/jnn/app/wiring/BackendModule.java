package dev.jnn.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.jnn.app.UsageException;
import dev.jnn.core.BackendNotAvailableException;
import dev.jnn.core.Backends;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import java.nio.file.Path;

/**
 * Binds the one backend of a command, named by {@code --backend} and created through the registry
 * of discovered providers (plugins included). It is the app's only source of a backend: models are
 * built on it ({@code BackendScope.use}) and everything else takes it from their tensors. Whoever
 * runs the command closes it.
 */
public final class BackendModule extends AbstractModule {
    private final Backends registry;
    private final String name;
    private final int threads;
    private final Path plugins;

    /**
     * A backend from the providers found through ServiceLoader and the plugins folder.
     *
     * @param name the backend id
     * @param threads compute threads, at least 1
     * @param plugins the plugins folder given on the command line, or null for {@code $JNN_PLUGINS}
     */
    public BackendModule(String name, int threads, Path plugins) {
        this(null, name, threads, plugins);
    }

    /** A backend from the given registry (tests), or from ServiceLoader's when it is null. */
    public BackendModule(Backends registry, String name, int threads, Path plugins) {
        this.registry = registry;
        this.name = name;
        this.threads = threads;
        this.plugins = plugins;
    }

    @Provides
    @Singleton
    Backends registry() {
        return registry != null ? registry : PluginRegistry.load(plugins);
    }

    @Provides
    @Singleton
    Backend backend(Backends registry) {
        try {
            return registry.create(name, new BackendConfig(threads, false));
        } catch (BackendNotAvailableException e) {
            // The registry speaks of backends; the command line names its flag. A wrong name is a usage
            // error; a backend that exists but cannot run here (no GPU, no library) is not.
            String message = "--backend " + name + ": " + e.getMessage() + "; 'jnn backends' lists them";
            if (e.notFound()) throw new UsageException(message);
            throw new BackendNotAvailableException(message);
        }
    }
}
