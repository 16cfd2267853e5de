package dev.jnn.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.jnn.app.UsageException;
import dev.jnn.core.Backends;
import dev.jnn.core.DefaultBackend;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import java.util.stream.Collectors;

/**
 * Provides the backend named by {@code --backend}, created through the registry of discovered
 * providers and made the default for tensor factories. Nothing else in jnn looks a backend up.
 */
public final class BackendModule extends AbstractModule {
    private final Backends registry;
    private final String name;
    private final int threads;

    /**
     * A backend from the providers found through ServiceLoader.
     *
     * @param name the backend id
     * @param threads compute threads, at least 1
     */
    public BackendModule(String name, int threads) {
        this(null, name, threads);
    }

    /** A backend from the given registry (tests), or from ServiceLoader's when it is null. */
    public BackendModule(Backends registry, String name, int threads) {
        this.registry = registry;
        this.name = name;
        this.threads = threads;
    }

    @Provides
    @Singleton
    Backend backend() {
        Backends registry = this.registry != null ? this.registry : PluginRegistry.load();
        if (registry.entries().stream().noneMatch(e -> e.name().equals(name))) {
            throw new UsageException("unknown backend '" + name + "'; found: " + registry.entries().stream()
                    .map(e -> e.name() + (e.availability().available() ? "" : " (unavailable)"))
                    .collect(Collectors.joining(", ")) + ". Check --backend or run 'jnn backends'");
        }
        // An unavailable backend throws BackendNotAvailableException with the provider's reasons.
        Backend backend = registry.create(name, new BackendConfig(threads, false));
        DefaultBackend.set(backend);
        return backend;
    }
}
