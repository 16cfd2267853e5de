package dev.jnn.train;

/** The loss became NaN or infinite; the message names the step and the last finite loss. */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with the given one-line message. */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
