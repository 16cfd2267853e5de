package dev.jnn.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file that cannot be used: truncated, wrong magic number, bad dimensions, a label out of
 * range, images and labels that disagree, not gzip although named {@code .gz}, and so on.
 *
 * <p>The message is one line: the file, what is wrong, and what to do.
 */
public final class DataFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * A problem with {@code file}.
     *
     * @param file the file at fault, never null
     * @param problem what is wrong, e.g. {@code "truncated: ..."}; the file is prepended
     */
    public DataFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** Same as {@link #DataFormatException(Path, String)}, keeping the low-level cause. */
    public DataFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
