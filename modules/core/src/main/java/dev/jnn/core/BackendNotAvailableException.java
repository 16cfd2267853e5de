package dev.jnn.core;

/** Thrown when a requested backend is missing or cannot run here; the message lists every backend found. */
public final class BackendNotAvailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with the given one-line message. */
    public BackendNotAvailableException(String message) {
        super(message);
    }
}
