package dev.jnn.core.spi;

import java.net.URL;
import java.security.CodeSource;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds plugin providers of one kind (backends, collective libraries) the way every jnn registry
 * does: a provider that fails to load, whose {@code name()} or {@code probe()} throws, or whose name
 * is already taken is kept as an unavailable entry with the reason, never dropped and never a
 * crash, so that a listing shows it and asking for it names the cause.
 *
 * @param <P> the provider type
 */
public final class ProviderScan<P> {
    /**
     * One provider as found.
     *
     * @param name the provider's id (or a stand-in naming what went wrong)
     * @param provider the provider, or null when it cannot be used at all
     * @param availability whether it can run here, with reasons
     * @param source where it came from: module name and jar or folder
     * @param <P> the provider type
     */
    public record Found<P>(String name, P provider, Availability availability, String source) {
    }

    private final String kind;
    private final Function<P, String> name;
    private final Function<P, Availability> probe;
    private final Map<String, Found<P>> found = new LinkedHashMap<>();
    private int broken;

    /**
     * A scan for providers called {@code kind} in messages ("backend", "collective"), whose id and
     * availability come from {@code name} and {@code probe}.
     */
    public ProviderScan(String kind, Function<P, String> name, Function<P, Availability> probe) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.name = Objects.requireNonNull(name, "name");
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    /** Adds every provider {@code loader} yields (a ServiceLoader's iterator), in its order. */
    public ProviderScan<P> addAll(Iterator<? extends P> loader) {
        while (true) {
            try {
                if (!loader.hasNext()) break;
                add(loader.next());
            } catch (ServiceConfigurationError e) {
                broken++;
                String reason = e.getCause() != null ? e.getCause().toString() : e.getMessage();
                String id = "broken-provider-" + broken;
                found.put(id, new Found<>(id, null, Availability.unavailable("provider failed to load: " + reason), "?"));
            }
        }
        return this;
    }

    /** Adds one provider: probed, or an unavailable entry saying why it cannot be. */
    public ProviderScan<P> add(P p) {
        String source = sourceOf(p.getClass());
        String id;
        try {
            id = name.apply(p);
        } catch (RuntimeException | LinkageError e) {
            id = p.getClass().getName();
            found.put(id, new Found<>(id, null, Availability.unavailable("name() failed: " + e), source));
            return this;
        }
        Found<P> existing = found.get(id);
        if (existing != null) {
            String dup = id + " (duplicate from " + source + ")";
            found.put(dup, new Found<>(dup, null, Availability.unavailable("duplicate " + kind + " name '" + id
                    + "', already provided by " + existing.source()), source));
            return this;
        }
        Availability a;
        try {
            a = probe.apply(p);
        } catch (RuntimeException | LinkageError e) {
            a = Availability.unavailable("probe() failed: " + e);
        }
        found.put(id, new Found<>(id, p, a, source));
        return this;
    }

    /** What was found, by name, in discovery order. */
    public Map<String, Found<P>> found() {
        return found;
    }

    /** The module and jar or folder a class was loaded from, for listings. */
    public static String sourceOf(Class<?> c) {
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

    /**
     * Every entry but {@code skipped} (null: none) as "name (available)" or "name (unavailable:
     * reasons)", comma-separated; "none" when there is no other.
     */
    public static String describeExcept(Collection<String> names, Function<String, Availability> availability, String skipped) {
        String s = names.stream().filter(n -> !n.equals(skipped)).map(n -> {
            Availability a = availability.apply(n);
            return n + " (" + (a.available() ? "available" : "unavailable: " + String.join("; ", a.reasons())) + ")";
        }).collect(Collectors.joining(", "));
        return s.isEmpty() ? "none" : s;
    }
}
