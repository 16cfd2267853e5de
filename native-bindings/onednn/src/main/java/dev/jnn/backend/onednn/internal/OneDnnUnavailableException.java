package dev.jnn.backend.onednn.internal;

/** oneDNN cannot be used here: the library is missing, unreadable, not a library, or the wrong version. */
public final class OneDnnUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception whose message names the path tried and the reason. */
    public OneDnnUnavailableException(String message) {
        super(message);
    }
}
