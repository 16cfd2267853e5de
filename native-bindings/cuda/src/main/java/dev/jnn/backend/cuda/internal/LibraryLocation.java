package dev.jnn.backend.cuda.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where discovery found one library, or every place it looked.
 *
 * @param library  the library looked for
 * @param file     the file found, empty when none was
 * @param searched when not found, every place looked in, in order, including notes such as
 *                 {@code JNN_CUDA_LIBS (unset)}; empty when found
 */
public record LibraryLocation(CudaLibrary library, Optional<Path> file, List<String> searched) {
    public LibraryLocation {
        searched = List.copyOf(searched);
    }

    /** True when a file was found. */
    public boolean found() {
        return file.isPresent();
    }

    /** One line: {@code libcudnn.so.9: /x/libcudnn.so.9}, or the file names and every place searched. */
    public String describe() {
        return file.map(f -> library.title() + ": " + f)
                .orElseGet(() -> library.displayName() + " not found (searched " + String.join(", ", searched) + ")");
    }

    /**
     * One line per distinct search path for the missing ones, such as {@code libcudnn.so.9,
     * libcuda.so.1 not found (searched …)}: they usually share one, which is then listed once.
     */
    public static List<String> describeMissing(Iterable<LibraryLocation> locations) {
        Map<List<String>, List<String>> byPath = new LinkedHashMap<>();
        for (LibraryLocation loc : locations) {
            if (!loc.found()) byPath.computeIfAbsent(loc.searched(), k -> new java.util.ArrayList<>()).add(loc.library().displayName());
        }
        return byPath.entrySet().stream().map(e -> String.join(", ", e.getValue()) + " not found (searched "
                + String.join(", ", e.getKey()) + ")").collect(Collectors.toList());
    }
}
