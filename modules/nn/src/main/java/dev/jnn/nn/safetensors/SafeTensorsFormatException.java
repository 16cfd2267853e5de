package dev.jnn.nn.safetensors;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A safetensors file is damaged or not a safetensors file. The message is one line:
 * {@code <file>: <what is wrong>}, ready to show to a user.
 */
public final class SafeTensorsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The offending file, kept as a string so the exception stays serializable. */
    private final String file;

    /** An error about {@code file}; {@code problem} says what is wrong and, where useful, what to do. */
    public SafeTensorsFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = String.valueOf(file);
    }

    /** The file the error is about. */
    public Path file() {
        return Path.of(file);
    }
}
