package dev.jnn.train;

/**
 * A checkpoint could not be written or read; the one-line message names the file, the reason and,
 * when writing failed, the last good checkpoint (which is left intact).
 */
public final class CheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with the given one-line message. */
    public CheckpointException(String message) {
        super(message);
    }
}
