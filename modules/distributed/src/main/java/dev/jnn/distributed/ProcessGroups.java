package dev.jnn.distributed;

import dev.jnn.core.spi.Availability;
import dev.jnn.core.spi.ProviderScan;
import dev.jnn.distributed.spi.GroupConfig;
import dev.jnn.distributed.spi.ProcessGroupProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The registry of collective libraries ({@link ProcessGroupProvider}s) found through
 * {@link ServiceLoader} on the module and class path, or given explicitly, like {@code Backends}:
 * asking for one that is missing or unavailable is an error listing every provider and why it is
 * unavailable; there is no fallback to another one.
 */
public final class ProcessGroups {
    /**
     * One provider as found.
     *
     * @param name the provider id
     * @param provider the provider, or null when it could not be loaded
     * @param availability whether it can run here, with reasons
     * @param source where it came from: module name and jar or folder
     */
    public record Entry(String name, ProcessGroupProvider provider, Availability availability, String source) {
    }

    private final Map<String, Entry> entries;

    private ProcessGroups(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /** The providers visible to this module through ServiceLoader. */
    public static ProcessGroups load() {
        return fromLoader(ServiceLoader.load(ProcessGroupProvider.class));
    }

    /** The providers in {@code layer} and its parents (plugin layers). */
    public static ProcessGroups load(ModuleLayer layer) {
        return fromLoader(ServiceLoader.load(layer, ProcessGroupProvider.class));
    }

    /** The given providers only (tests, embedding). */
    public static ProcessGroups of(List<? extends ProcessGroupProvider> providers) {
        ProviderScan<ProcessGroupProvider> scan = scan();
        providers.forEach(scan::add);
        return from(scan);
    }

    private static ProcessGroups fromLoader(ServiceLoader<ProcessGroupProvider> loader) {
        return from(scan().addAll(loader.iterator()));
    }

    private static ProviderScan<ProcessGroupProvider> scan() {
        return new ProviderScan<>("collective", ProcessGroupProvider::name, ProcessGroupProvider::probe);
    }

    private static ProcessGroups from(ProviderScan<ProcessGroupProvider> scan) {
        Map<String, Entry> map = new LinkedHashMap<>();
        scan.found().forEach((n, f) -> map.put(n, new Entry(f.name(), f.provider(), f.availability(), f.source())));
        return new ProcessGroups(map);
    }

    /** Every provider found, in discovery order. */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** The names of the available providers. */
    public List<String> availableNames() {
        return entries.values().stream().filter(e -> e.availability().available()).map(Entry::name).toList();
    }

    /**
     * Joins the job through the named provider. The caller closes the group.
     *
     * @throws IllegalStateException if it is missing or unavailable, listing every provider found and its reasons
     */
    public ProcessGroup create(String name, GroupConfig config) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalStateException("collective library '" + name + "' not found; found: " + describeExcept(null)
                    + ". Check the name, or add its module (jnn-distributed-" + name + ")");
        }
        if (!e.availability().available()) {
            throw new IllegalStateException("collective library '" + name + "' is not available: "
                    + String.join("; ", e.availability().reasons()) + " (the others found: " + describeExcept(name) + ")");
        }
        return e.provider().create(config);
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
