package dev.jnn.core;

/** Thrown when a requested backend is missing or cannot run here; the message lists every backend found. */
public final class BackendNotAvailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean notFound;

    /** An exception with the given one-line message, for a backend that was found but cannot run here. */
    public BackendNotAvailableException(String message) {
        this(message, false);
    }

    /**
     * An exception with the given one-line message.
     *
     * @param notFound true when no provider has the requested name (a wrong name, or a module not
     *     installed), false when one does but cannot run here
     */
    public BackendNotAvailableException(String message, boolean notFound) {
        super(message);
        this.notFound = notFound;
    }

    /** True when no provider has the requested name, false when it exists but cannot run here. */
    public boolean notFound() {
        return notFound;
    }
}
