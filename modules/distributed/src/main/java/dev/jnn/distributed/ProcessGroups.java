package dev.jnn.distributed;

import dev.jnn.core.spi.Availability;
import dev.jnn.distributed.spi.GroupConfig;
import dev.jnn.distributed.spi.ProcessGroupProvider;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
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
        Map<String, Entry> map = new LinkedHashMap<>();
        for (ProcessGroupProvider p : providers) add(map, p);
        return new ProcessGroups(map);
    }

    private static ProcessGroups fromLoader(ServiceLoader<ProcessGroupProvider> loader) {
        Map<String, Entry> map = new LinkedHashMap<>();
        Iterator<ProcessGroupProvider> it = loader.iterator();
        int broken = 0;
        while (true) {
            try {
                if (!it.hasNext()) break;
                add(map, it.next());
            } catch (ServiceConfigurationError e) {
                broken++;
                String reason = e.getCause() != null ? e.getCause().toString() : e.getMessage();
                String name = "broken-provider-" + broken;
                map.put(name, new Entry(name, null, Availability.unavailable("provider failed to load: " + reason), "?"));
            }
        }
        return new ProcessGroups(map);
    }

    private static void add(Map<String, Entry> map, ProcessGroupProvider p) {
        String source = sourceOf(p.getClass());
        String name;
        try {
            name = p.name();
        } catch (RuntimeException | LinkageError e) {
            name = p.getClass().getName();
            map.put(name, new Entry(name, null, Availability.unavailable("name() failed: " + e), source));
            return;
        }
        Entry existing = map.get(name);
        if (existing != null) {
            String dup = name + " (duplicate from " + source + ")";
            map.put(dup, new Entry(dup, null, Availability.unavailable("duplicate collective name '" + name
                    + "', already provided by " + existing.source()), source));
            return;
        }
        Availability a;
        try {
            a = p.probe();
        } catch (RuntimeException | LinkageError e) {
            a = Availability.unavailable("probe() failed: " + e);
        }
        map.put(name, new Entry(name, p, a, source));
    }

    private static String sourceOf(Class<?> c) {
        Module m = c.getModule();
        String module = m.isNamed() ? m.getName() : "class path";
        String where = "";
        try {
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            URL url = cs == null ? null : cs.getLocation();
            if (url != null) where = " " + url.getPath();
        } catch (SecurityException ignored) {
            // No location to show.
        }
        return module + where;
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
        if (entries.size() == (skipped == null || !entries.containsKey(skipped) ? 0 : 1)) return "none";
        return entries.values().stream().filter(e -> !e.name().equals(skipped)).map(e -> e.name() + " ("
                + (e.availability().available() ? "available" : "unavailable: " + String.join("; ", e.availability().reasons()))
                + ")").collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        for (Entry e : entries.values()) lines.add(e.name() + ": " + e.availability() + " [" + e.source() + "]");
        return String.join("\n", lines);
    }
}
