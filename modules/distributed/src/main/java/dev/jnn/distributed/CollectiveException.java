package dev.jnn.distributed;

/**
 * A collective operation failed: a native call returned an error, it did not finish within the
 * group's timeout, or a peer process is gone. The message is one line that names the rank at
 * fault where it is known ({@link #failedRank()}).
 */
public class CollectiveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int failedRank;

    /** A failure caused by rank {@code failedRank} (-1 when unknown). */
    public CollectiveException(String message, int failedRank) {
        super(message);
        this.failedRank = failedRank;
    }

    /** A failure with a cause (-1: no rank to blame). */
    public CollectiveException(String message, Throwable cause) {
        super(message, cause);
        this.failedRank = -1;
    }

    /** The rank that died, aborted or timed out, or -1 when the failure is not a peer's. */
    public int failedRank() {
        return failedRank;
    }
}
