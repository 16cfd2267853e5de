package dev.jnn.backend.onednn.internal;

import dev.jnn.core.spi.Availability;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.BackendProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Provides the "onednn" CPU backend. When this module may call native code
 * ({@code --enable-native-access=dev.jnn.backend.onednn}, as the {@code jnn} launcher runs it), its
 * probe loads {@code libdnnl.so.3} (extracting it from the bundled jar the first time) and asks it
 * for its version and CPU ISA: that runs oneDNN's library initialisers but no computation, and any
 * failure becomes a reason, never a crash. When it may not, the probe loads nothing and makes no
 * restricted call (each would print the JDK's warning in every program that merely has this module
 * on its path): it finds the library file and reports the backend unavailable, naming the flag.
 */
public final class OneDnnBackendProvider implements BackendProvider {
    private static final Pattern SO_VERSION = Pattern.compile("libdnnl\\.so\\.(\\d+(?:\\.\\d+)*)");

    @Override
    public String name() {
        return "onednn";
    }

    @Override
    public Availability probe() {
        Module module = getClass().getModule();
        if (!module.isNativeAccessEnabled()) return withoutNativeAccess(module, System.getenv());
        try {
            OneDnnLibrary lib = OneDnnLibrary.get();
            return Availability.available("oneDNN " + OneDnnOps.version() + ", ISA " + OneDnnOps.cpuIsa()
                    + (InfoCalls.canSetThreads() ? "" : ", no OpenMP thread control") + ", " + lib.path());
        } catch (OneDnnUnavailableException e) {
            return Availability.unavailable("onednn: " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("onednn: probing oneDNN failed: " + e);
        }
    }

    /**
     * What can be known without native access: whether the library is there, and its version from
     * its file name; always unavailable, with the flag that would let {@code module} load it.
     */
    static Availability withoutNativeAccess(Module module, Map<String, String> env) {
        List<String> reasons = new ArrayList<>();
        String found = "oneDNN";
        try {
            Optional<Path> user = OneDnnLibrary.userLibrary(env);
            if (user.isPresent()) {
                found = "oneDNN " + versionOf(user.get()) + " from JNN_ONEDNN_LIB=" + user.get();
            } else {
                Optional<String> bundled = NativeFiles.fromEnvironment(env).locate("libdnnl.so.3");
                if (bundled.isPresent()) {
                    found = "oneDNN " + NativeFiles.VERSION + " from " + bundled.get();
                } else {
                    reasons.add(NativeFiles.notFound("libdnnl.so.3"));
                }
            }
        } catch (OneDnnUnavailableException e) {
            reasons.add(e.getMessage());
        } catch (RuntimeException e) {
            reasons.add("looking for oneDNN failed: " + e);
        }
        reasons.add(Availability.nativeAccessNotEnabled(module, found));
        return Availability.unavailable(reasons.stream().map(r -> "onednn: " + r).toList());
    }

    /** The version in the name of the file that {@code lib} is or links to ({@code libdnnl.so.3.13} → 3.13), else "3.x". */
    private static String versionOf(Path lib) {
        for (Path p : new Path[] {real(lib), lib}) {
            Matcher m = SO_VERSION.matcher(p.getFileName().toString());
            if (m.matches() && m.group(1).contains(".")) return m.group(1);
        }
        return "3.x";
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    @Override
    public Backend create(BackendConfig config) {
        Availability a = probe();
        if (!a.available()) {
            throw new IllegalStateException("backend onednn is not available: " + String.join("; ", a.reasons()));
        }
        return new OneDnnBackend(config);
    }
}
