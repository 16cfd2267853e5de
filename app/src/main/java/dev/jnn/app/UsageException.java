package dev.jnn.app;

/** Bad command-line input found after parsing (an unknown model, a non-positive batch size): exit code 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A one-line message naming the flag, what is wrong and the valid values. */
    public UsageException(String message) {
        super(message);
    }
}
