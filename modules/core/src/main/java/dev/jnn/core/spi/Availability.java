package dev.jnn.core.spi;

import java.util.List;

/**
 * Whether a backend can run here: available when there are no reasons against it.
 *
 * @param reasons every reason the backend cannot run, each naming versions and paths, e.g.
 *     {@code libcudnn.so.9 not found (searched JNN_CUDA_LIBS, LD_LIBRARY_PATH)}; empty when available
 * @param details facts about an available backend for display (device, library versions, ISA)
 */
public record Availability(List<String> reasons, String details) {
    public Availability {
        reasons = List.copyOf(reasons);
        details = details == null ? "" : details;
    }

    /** An available backend with a one-line description of what it runs on. */
    public static Availability available(String details) {
        return new Availability(List.of(), details);
    }

    /** An unavailable backend, with every reason. */
    public static Availability unavailable(List<String> reasons) {
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("an unavailable backend needs at least one reason");
        }
        return new Availability(reasons, "");
    }

    /** An unavailable backend, with one reason. */
    public static Availability unavailable(String reason) {
        return unavailable(List.of(reason));
    }

    /**
     * The reason a provider in {@code module} gives when the JVM has not enabled native access for it:
     * loading {@code what} needs it, and the flag that grants it (the module's name, or ALL-UNNAMED on
     * the class path).
     */
    public static String nativeAccessNotEnabled(Module module, String what) {
        String grantee = module.isNamed() ? module.getName() : "ALL-UNNAMED";
        return "native access is not enabled for " + (module.isNamed() ? "module " + grantee : "the class path") + ": loading "
                + what + " needs java --enable-native-access=" + grantee;
    }

    /** True when nothing stands against the backend. */
    public boolean available() {
        return reasons.isEmpty();
    }

    @Override
    public String toString() {
        return available() ? "available" + (details.isEmpty() ? "" : " (" + details + ")")
                : "unavailable: " + String.join("; ", reasons);
    }
}
