package dev.jnn.backend.cuda.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * One loaded shared library and the downcall handles made from it.
 *
 * <p>Libraries are loaded into the global arena: the binding classes keep their method handles in
 * {@code static final} fields for the life of the process, so the library must never be unloaded.
 */
@SuppressWarnings("restricted")   // this class is where FFM's restricted calls live; the module asks for native access
final class NativeLibrary {
    private static final Linker LINKER = Linker.nativeLinker();

    private final CudaLibrary library;
    private final Path file;
    private final SymbolLookup lookup;

    private NativeLibrary(CudaLibrary library, Path file, SymbolLookup lookup) {
        this.library = library;
        this.file = file;
        this.lookup = lookup;
    }

    /**
     * Loads {@code library} from the file that {@link CudaLibraries#system()} found.
     *
     * @throws CudaUnavailableException when it was not found (naming every place searched) or fails to load
     */
    static NativeLibrary load(CudaLibrary library) {
        return load(library, CudaLibraries.system().require(library));
    }

    /** Loads {@code library} from {@code file}. */
    static NativeLibrary load(CudaLibrary library, Path file) {
        try {
            return new NativeLibrary(library, file, SymbolLookup.libraryLookup(file, Arena.global()));
        } catch (IllegalArgumentException e) {
            throw new CudaUnavailableException("cannot load " + library.title() + " from " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file it was loaded from. */
    Path file() {
        return file;
    }

    /**
     * A downcall handle for {@code symbol}.
     *
     * @throws CudaUnavailableException naming the symbol and the library file when the symbol is missing
     */
    MethodHandle downcall(String symbol, FunctionDescriptor descriptor) {
        MemorySegment address = lookup.find(symbol).orElseThrow(() -> new CudaUnavailableException(
                "symbol " + symbol + " not found in " + file + " (" + library.title() + " too old or not the expected library?)"));
        return LINKER.downcallHandle(address, descriptor);
    }

    /** True when the library exports {@code symbol}. */
    boolean has(String symbol) {
        return lookup.find(symbol).isPresent();
    }

    /**
     * Turns what {@code invokeExact} threw into an unchecked exception: downcalls themselves throw
     * nothing checked, so anything here is a bug in a binding (wrong signature) or an Error.
     */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("native call failed unexpectedly", t);
    }
}
