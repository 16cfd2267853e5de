package dev.jnn.backend.cuda.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the NVIDIA libraries on a {@link SearchPath}: for each library, each accepted file name in
 * order of preference (CUDA 13 before 12) in every folder, in search order.
 *
 * <p>{@link #system()} is this process's discovery, done once; the bindings load from it.
 */
public final class CudaLibraries {
    private final SearchPath path;
    private final Map<CudaLibrary, LibraryLocation> cache = new EnumMap<>(CudaLibrary.class);

    /** Discovery over the given folders. */
    public CudaLibraries(SearchPath path) {
        this.path = path;
    }

    /** This process's discovery (environment, system folders, ldconfig, nvidia wheels), made once. */
    public static CudaLibraries system() {
        return SystemHolder.INSTANCE;
    }

    /** The search path used. */
    public SearchPath searchPath() {
        return path;
    }

    /** Where {@code library} is, or every place searched; the answer is cached. */
    public synchronized LibraryLocation locate(CudaLibrary library) {
        return cache.computeIfAbsent(library, this::search);
    }

    /** Every library's location, in {@link CudaLibrary} order. */
    public Map<CudaLibrary, LibraryLocation> locateAll() {
        Map<CudaLibrary, LibraryLocation> all = new EnumMap<>(CudaLibrary.class);
        for (CudaLibrary l : CudaLibrary.values()) all.put(l, locate(l));
        return all;
    }

    /**
     * The file of {@code library}.
     *
     * @throws CudaUnavailableException naming the file names and every place searched
     */
    public Path require(CudaLibrary library) {
        LibraryLocation loc = locate(library);
        return loc.file().orElseThrow(() -> new CudaUnavailableException(loc.describe()));
    }

    private LibraryLocation search(CudaLibrary library) {
        for (String name : library.fileNames()) {
            for (SearchPlace place : path.places()) {
                Path candidate = place.dir().resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return new LibraryLocation(library, Optional.of(candidate), path.searched());
                }
            }
        }
        return new LibraryLocation(library, Optional.empty(), path.searched());
    }

    private static final class SystemHolder {
        static final CudaLibraries INSTANCE = new CudaLibraries(SearchPath.fromEnvironment());
    }
}
