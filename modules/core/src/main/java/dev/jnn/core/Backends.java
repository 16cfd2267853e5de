package dev.jnn.core;

import dev.jnn.core.spi.Availability;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.BackendProvider;
import dev.jnn.core.spi.ProviderScan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The registry of backend providers found through {@link ServiceLoader} (module path and class
 * path), or given explicitly.
 *
 * <p>Asking for a backend that is missing or unavailable throws {@link BackendNotAvailableException}
 * listing every provider and why it is unavailable: there is never a fallback to another backend.
 * Providers that fail to load or whose {@code probe()} throws are listed as unavailable with the
 * reason; a second provider with an already taken name is rejected the same way.
 */
public final class Backends {
    /**
     * One provider as found.
     *
     * @param name the backend id
     * @param provider the provider, or null when it could not be loaded
     * @param availability whether it can run here, with reasons
     * @param source where it came from: module name and jar or folder
     */
    public record Entry(String name, BackendProvider provider, Availability availability, String source) {
    }

    private final Map<String, Entry> entries;

    private Backends(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /** The providers visible to jnn's core module through ServiceLoader. */
    public static Backends load() {
        return fromLoader(ServiceLoader.load(BackendProvider.class));
    }

    /** The providers in {@code layer} and its parents (plugin layers). */
    public static Backends load(ModuleLayer layer) {
        return fromLoader(ServiceLoader.load(layer, BackendProvider.class));
    }

    /** The given providers only (tests, embedding). */
    public static Backends of(List<? extends BackendProvider> providers) {
        ProviderScan<BackendProvider> scan = scan();
        providers.forEach(scan::add);
        return from(scan);
    }

    private static Backends fromLoader(ServiceLoader<BackendProvider> loader) {
        return from(scan().addAll(loader.iterator()));
    }

    private static ProviderScan<BackendProvider> scan() {
        return new ProviderScan<>("backend", BackendProvider::name, BackendProvider::probe);
    }

    private static Backends from(ProviderScan<BackendProvider> scan) {
        Map<String, Entry> map = new LinkedHashMap<>();
        scan.found().forEach((n, f) -> map.put(n, new Entry(f.name(), f.provider(), f.availability(), f.source())));
        return new Backends(map);
    }

    /**
     * This registry plus an entry for a plugin that could not even be loaded (a jar that does not
     * resolve, say), so that listings show it as unavailable with the reason.
     */
    public Backends withBroken(String name, String reason, String source) {
        Map<String, Entry> map = new LinkedHashMap<>(entries);
        String key = map.containsKey(name) ? name + " (" + source + ")" : name;
        map.put(key, new Entry(key, null, Availability.unavailable(reason), source));
        return new Backends(map);
    }

    /** Every provider found, in discovery order. */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** The names of the available backends. */
    public List<String> availableNames() {
        return entries.values().stream().filter(e -> e.availability().available()).map(Entry::name).toList();
    }

    /**
     * Creates the named backend.
     *
     * @throws BackendNotAvailableException if it is missing or unavailable, listing every backend found
     */
    public Backend create(String name, BackendConfig config) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new BackendNotAvailableException("backend '" + name + "' not found; found: " + names()
                    + ". Check the name, or add the backend's module", true);
        }
        if (!e.availability().available()) {
            throw new BackendNotAvailableException("backend '" + name + "' is not available: "
                    + String.join("; ", e.availability().reasons()) + " (the others found: " + describeExcept(name) + ")");
        }
        return e.provider().create(config);
    }

    /** Every name, the unavailable ones marked (a wrong name needs the list, not every reason). */
    private String names() {
        if (entries.isEmpty()) return "none";
        return entries.values().stream().map(e -> e.name() + (e.availability().available() ? "" : " (unavailable)"))
                .collect(Collectors.joining(", "));
    }

    private String describeExcept(String skipped) {
        return ProviderScan.describeExcept(entries.keySet(), n -> entries.get(n).availability(), skipped);
    }

    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        for (Entry e : entries.values()) lines.add(e.name() + ": " + e.availability() + " [" + e.source() + "]");
        return String.join("\n", lines);
    }
}
