package dev.jnn.backend.cuda.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where discovery found one library, or every place it looked.
 *
 * @param library  the library looked for
 * @param file     the file found, empty when none was
 * @param searched every place looked in, in order, including notes such as
 *                 {@code JNN_CUDA_LIBS (unset)}
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
}
