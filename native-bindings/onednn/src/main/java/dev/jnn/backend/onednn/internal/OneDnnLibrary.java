package dev.jnn.backend.onednn.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The loaded oneDNN library ({@code libdnnl.so.3}) and its OpenMP runtime ({@code libgomp.so.1}).
 *
 * <p>The library comes from {@code $JNN_ONEDNN_LIB} when set (a user's own {@code libdnnl.so.3};
 * a {@code libgomp.so.1} beside it is loaded first if present), otherwise from the
 * {@code org.bytedeco:dnnl} jar, extracted by {@link NativeFiles}. libgomp is loaded first by
 * absolute path so that libdnnl's dependency on {@code libgomp.so.1} resolves to the copy it was
 * built with, not to whatever the system has.
 *
 * <p>Both stay loaded for the life of the process (the global arena): oneDNN keeps JIT code,
 * caches and OpenMP worker threads that would crash if the library were unmapped.
 *
 * <p>A failure never crashes the process: it becomes a {@link OneDnnUnavailableException} naming
 * the path tried and the reason, remembered so that every later call reports the same.
 */
@SuppressWarnings("restricted")   // this class is where FFM's restricted calls live; the module asks for native access
public final class OneDnnLibrary {
    private static final Linker LINKER = Linker.nativeLinker();
    private static Object loaded;   // the OneDnnLibrary, or the OneDnnUnavailableException

    private final Path dnnlPath;
    private final SymbolLookup dnnl;
    private final SymbolLookup gomp;   // null when libdnnl came from the user without a libgomp beside it

    private OneDnnLibrary(Path dnnlPath, SymbolLookup dnnl, SymbolLookup gomp) {
        this.dnnlPath = dnnlPath;
        this.dnnl = dnnl;
        this.gomp = gomp;
    }

    /**
     * The library of this process, loaded on first use from the environment.
     *
     * @throws OneDnnUnavailableException if it cannot be loaded (every call reports the same reason)
     */
    public static synchronized OneDnnLibrary get() {
        if (loaded == null) {
            try {
                loaded = load(System.getenv());
            } catch (OneDnnUnavailableException e) {
                loaded = e;
            } catch (RuntimeException | LinkageError e) {
                loaded = new OneDnnUnavailableException("loading oneDNN failed: " + e);
            }
        }
        if (loaded instanceof OneDnnUnavailableException e) {
            throw new OneDnnUnavailableException(e.getMessage());
        }
        return (OneDnnLibrary) loaded;
    }

    /**
     * Loads oneDNN as the environment {@code env} says ({@code JNN_ONEDNN_LIB}, {@code JNN_NATIVE_CACHE}).
     *
     * @throws OneDnnUnavailableException naming the path tried and the reason
     */
    static OneDnnLibrary load(Map<String, String> env) {
        Optional<Path> user = userLibrary(env);
        if (user.isPresent()) {
            Path dnnl = user.get();
            Path gompNextTo = dnnl.resolveSibling("libgomp.so.1");
            SymbolLookup gomp = Files.isRegularFile(gompNextTo) ? open(gompNextTo, "JNN_ONEDNN_LIB's libgomp") : null;
            return verified(new OneDnnLibrary(dnnl, open(dnnl, "JNN_ONEDNN_LIB"), gomp));
        }
        NativeFiles files = NativeFiles.fromEnvironment(env);
        Path gomp = files.extract("libgomp.so.1");
        preferPassiveWaiting(env);
        Path dnnl = files.extract("libdnnl.so.3");
        SymbolLookup gompLookup = open(gomp, "bundled libgomp");
        return verified(new OneDnnLibrary(dnnl, open(dnnl, "bundled libdnnl"), gompLookup));
    }

    /**
     * The library that {@code JNN_ONEDNN_LIB} names, as an absolute path; empty when it is unset.
     *
     * @throws OneDnnUnavailableException if it names no file
     */
    static Optional<Path> userLibrary(Map<String, String> env) {
        String user = env.get("JNN_ONEDNN_LIB");
        if (user == null || user.isBlank()) return Optional.empty();
        Path dnnl = Path.of(user).toAbsolutePath();
        if (!Files.isRegularFile(dnnl)) {
            throw new OneDnnUnavailableException("JNN_ONEDNN_LIB=" + user + ": no such file " + dnnl
                    + " (point it at a libdnnl.so.3 of oneDNN 3.x, or unset it to use the bundled one)");
        }
        return Optional.of(dnnl);
    }

    /**
     * Sets {@code OMP_WAIT_POLICY=passive} in the process environment unless the user chose a
     * policy, before libgomp reads it at load time. By default OpenMP workers spin between parallel
     * regions; jnn runs Java code (autograd, optimizers, the JIT and GC threads) between oneDNN
     * calls, and spinning workers take the cores from it: on a loaded 2-core machine the backend
     * conformance suite took 18.6 s with spinning workers and 3.4 s with passive ones.
     */
    private static void preferPassiveWaiting(Map<String, String> env) {
        if (env.containsKey("OMP_WAIT_POLICY")) return;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment setenv = LINKER.defaultLookup().find("setenv").orElse(null);
            if (setenv == null) return;
            MethodHandle h = LINKER.downcallHandle(setenv,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            int ignored = (int) h.invokeExact(a.allocateFrom("OMP_WAIT_POLICY"), a.allocateFrom("passive"), 0);
        } catch (Throwable t) {
            // Only a performance preference: oneDNN works either way.
        }
    }

    private static SymbolLookup open(Path path, String what) {
        try {
            return SymbolLookup.libraryLookup(path, Arena.global());
        } catch (IllegalArgumentException | IllegalCallerException e) {
            throw new OneDnnUnavailableException(what + " " + path + " cannot be loaded: " + e.getMessage()
                    + (e instanceof IllegalCallerException ? " (run with --enable-native-access=dev.jnn.backend.onednn)" : ""));
        }
    }

    /** Checks that the library is oneDNN 3.x by calling {@code dnnl_version}. */
    private static OneDnnLibrary verified(OneDnnLibrary lib) {
        MemorySegment fn = lib.dnnl.find("dnnl_version").orElseThrow(() -> new OneDnnUnavailableException(
                lib.dnnlPath + " is not oneDNN: it has no symbol dnnl_version"));
        try {
            MethodHandle h = LINKER.downcallHandle(fn, FunctionDescriptor.of(ValueLayout.ADDRESS));
            MemorySegment v = ((MemorySegment) h.invokeExact()).reinterpret(12);
            int major = v.get(ValueLayout.JAVA_INT, 0);
            if (major != 3) {
                throw new OneDnnUnavailableException(lib.dnnlPath + " is oneDNN " + major + "." + v.get(ValueLayout.JAVA_INT, 4)
                        + "; jnn needs oneDNN 3.x (its C API changed in 3.0)");
            }
        } catch (OneDnnUnavailableException e) {
            throw e;
        } catch (Throwable t) {
            throw new OneDnnUnavailableException("calling dnnl_version in " + lib.dnnlPath + " failed: " + t);
        }
        return lib;
    }

    /** The path of the loaded {@code libdnnl.so.3}. */
    public Path path() {
        return dnnlPath;
    }

    /**
     * A downcall handle for {@code name} in libdnnl.
     *
     * @throws OneDnnUnavailableException naming the symbol and the library file if it is missing
     */
    MethodHandle downcall(String name, FunctionDescriptor fd) {
        MemorySegment fn = dnnl.find(name).orElseThrow(() -> new OneDnnUnavailableException(
                "symbol " + name + " not found in " + dnnlPath + " (need oneDNN 3.13 or a compatible 3.x)"));
        return LINKER.downcallHandle(fn, fd);
    }

    /** A downcall handle for an OpenMP function, from libgomp or else through libdnnl's dependencies. */
    Optional<MethodHandle> ompDowncall(String name, FunctionDescriptor fd) {
        Optional<MemorySegment> fn = gomp != null ? gomp.find(name) : Optional.empty();
        if (fn.isEmpty()) fn = dnnl.find(name);
        return fn.map(f -> LINKER.downcallHandle(f, fd));
    }
}
