package dev.jnn.backend.cuda.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the NVIDIA libraries on a {@link SearchPath}: folder by folder in search order, and in each
 * folder the accepted file names in order of preference (CUDA 13 before 12).
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

    // Folder by folder, then name by name: an earlier folder wins (JNN_CUDA_LIBS is the user's
    // choice), and within a folder CUDA 13 beats 12. The wheels are only asked for after a miss.
    private LibraryLocation search(CudaLibrary library) {
        Optional<Path> hit = find(library, path.primaryPlaces());
        if (hit.isEmpty()) hit = find(library, path.places());
        return new LibraryLocation(library, hit, hit.isPresent() ? java.util.List.of() : path.searched());
    }

    private static Optional<Path> find(CudaLibrary library, java.util.List<SearchPlace> places) {
        for (SearchPlace place : places) {
            for (String name : library.fileNames()) {
                Path candidate = place.dir().resolve(name);
                if (Files.isRegularFile(candidate)) return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static final class SystemHolder {
        static final CudaLibraries INSTANCE = new CudaLibraries(SearchPath.fromEnvironment());
    }
}
