package dev.jnn.app.wiring;

import dev.jnn.app.UsageException;
import dev.jnn.core.Backends;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The backend registry, including third-party backends from a plugins folder ({@code --plugins DIR}
 * or {@code $JNN_PLUGINS}): each jar there is resolved as a module in a new {@link ModuleLayer} on
 * top of the boot layer, and its {@code BackendProvider}s are found by ServiceLoader. A jar that
 * does not resolve is listed as an unavailable backend with the reason instead of stopping jnn.
 */
public final class PluginRegistry {
    private PluginRegistry() {
    }

    /** The plugins folder: {@code explicitDir} when given, else {@code $JNN_PLUGINS} if set, else null. */
    static Path folder(Path explicitDir) {
        if (explicitDir != null) return explicitDir;
        String env = System.getenv("JNN_PLUGINS");
        return env == null || env.isBlank() ? null : Path.of(env);
    }

    /**
     * The registry: the backends on the module and class path, plus those of the plugins folder
     * ({@code explicitDir}, or {@code $JNN_PLUGINS} when it is null).
     */
    public static Backends load(Path explicitDir) {
        Path dir = folder(explicitDir);
        if (dir == null) return Backends.load();
        if (!Files.isDirectory(dir)) {
            throw new UsageException("plugins folder " + dir + " does not exist or is not a folder; "
                    + "give --plugins (or JNN_PLUGINS) a folder of backend jars");
        }
        List<Path> jars;
        try (Stream<Path> s = Files.list(dir)) {
            jars = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UsageException("cannot list plugins folder " + dir + ": " + e.getMessage());
        }
        // Resolve each jar on its own, so that one broken plugin cannot hide the others.
        List<ModuleLayer> layers = new ArrayList<>();
        List<String[]> broken = new ArrayList<>();
        for (Path jar : jars) {
            try {
                ModuleFinder finder = ModuleFinder.of(jar);
                Set<String> names = finder.findAll().stream().map(r -> r.descriptor().name()).collect(java.util.stream.Collectors.toSet());
                Configuration cf = ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(), names);
                layers.add(ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader()));
            } catch (RuntimeException | LinkageError e) {
                broken.add(new String[] {jar.getFileName().toString(), "plugin does not load: " + e.getMessage(), jar.toString()});
            }
        }
        Backends registry = layers.isEmpty() ? Backends.load() : Backends.load(combined(layers));
        for (String[] b : broken) registry = registry.withBroken(b[0], b[1], b[2]);
        return registry;
    }

    /** One layer whose parents are every plugin layer (and so the boot layer). */
    private static ModuleLayer combined(List<ModuleLayer> layers) {
        if (layers.size() == 1) return layers.get(0);
        Configuration cf = Configuration.resolve(ModuleFinder.of(), layers.stream().map(ModuleLayer::configuration).toList(),
                ModuleFinder.of(), Set.of());
        return ModuleLayer.defineModulesWithOneLoader(cf, layers, ClassLoader.getSystemClassLoader()).layer();
    }
}
