package dev.jnn.distributed.mpi.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and opens Open MPI's {@code libmpi}: the file named by {@code JNN_MPI_LIB} if set, else
 * {@code libmpi.so.40} (Open MPI 3 to 5), then {@code libmpi.so}, through the dynamic linker's own
 * search ({@code LD_LIBRARY_PATH}, the ldconfig cache, the system folders), which is where
 * {@code mpirun} expects its library to come from.
 *
 * <p>The library goes into the global arena: the binding keeps its method handles in static fields
 * for the life of the process, and MPI cannot be initialised twice anyway.
 */
@SuppressWarnings("restricted")   // this class is where FFM's restricted calls live; the module asks for native access
final class MpiLibrary {
    /** The sonames tried, preferred first. */
    static final List<String> NAMES = List.of("libmpi.so.40", "libmpi.so");

    private static final Linker LINKER = Linker.nativeLinker();

    private final SymbolLookup lookup;
    private final String file;

    private MpiLibrary(SymbolLookup lookup, String file) {
        this.lookup = lookup;
        this.file = file;
    }

    /**
     * Opens libmpi.
     *
     * @throws MpiUnavailableException naming what was searched when it cannot be opened
     */
    static MpiLibrary open() {
        return open(System.getenv("JNN_MPI_LIB"));
    }

    /** Opens libmpi, {@code env} standing for JNN_MPI_LIB's value (null: unset). */
    static MpiLibrary open(String env) {
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            if (!Files.isRegularFile(p)) throw new MpiUnavailableException("JNN_MPI_LIB=" + env + " is not a file");
            try {
                return new MpiLibrary(SymbolLookup.libraryLookup(p, Arena.global()), p.toString());
            } catch (IllegalArgumentException e) {
                throw new MpiUnavailableException("cannot load JNN_MPI_LIB=" + env + ": " + e.getMessage());
            }
        }
        List<String> failures = new ArrayList<>();
        for (String name : NAMES) {
            try {
                SymbolLookup l = SymbolLookup.libraryLookup(name, Arena.global());
                return new MpiLibrary(l, loadedPath(name));
            } catch (IllegalArgumentException e) {
                failures.add(name);
            }
        }
        throw new MpiUnavailableException(String.join(" or ", failures) + " not found (searched JNN_MPI_LIB (unset), LD_LIBRARY_PATH ("
                + (System.getenv("LD_LIBRARY_PATH") == null ? "unset" : System.getenv("LD_LIBRARY_PATH"))
                + "), the ldconfig cache and system folders); install Open MPI: apt-get install openmpi-bin libopenmpi-dev");
    }

    /** Where the dynamic linker found {@code soname}, from this process's memory map (the soname itself if unknown). */
    private static String loadedPath(String soname) {
        String stem = soname.replaceAll("\\.so.*", ".so");
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                if (slash >= 0 && line.substring(slash).contains("/" + stem)) return line.substring(slash).trim();
            }
        } catch (IOException | RuntimeException ignored) {
            // Not Linux, or no /proc: the soname will do.
        }
        return soname;
    }

    /** The file it was loaded from. */
    String file() {
        return file;
    }

    /** True when the library exports {@code symbol}. */
    boolean has(String symbol) {
        return lookup.find(symbol).isPresent();
    }

    /** The address of the global {@code symbol} (Open MPI's predefined handles are addresses of globals). */
    MemorySegment global(String symbol) {
        return lookup.find(symbol).orElseThrow(() -> new MpiUnavailableException("symbol " + symbol + " not found in " + file
                + (symbol.startsWith("ompi_") ? " (not Open MPI? only Open MPI's ABI is bound; MPICH and Intel MPI differ)" : "")));
    }

    /** A downcall handle for {@code symbol}; a missing one names the symbol and the file. */
    MethodHandle downcall(String symbol, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(global(symbol), descriptor);
    }
}
