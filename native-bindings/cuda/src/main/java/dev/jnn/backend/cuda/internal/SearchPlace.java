package dev.jnn.backend.cuda.internal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One folder that library discovery looks in, with where it came from.
 *
 * @param source why the folder is searched: {@code JNN_CUDA_LIBS}, {@code LD_LIBRARY_PATH},
 *               {@code system}, {@code ldconfig} or {@code nvidia wheel}
 * @param dir    the folder, which need not exist
 */
public record SearchPlace(String source, Path dir) {
    public SearchPlace {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dir, "dir");
    }

    @Override
    public String toString() {
        return source + ":" + dir;
    }
}
