package dev.jnn.train;

/** The loss became NaN or infinite; the message names the step and the last finite loss. */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, without the advice. */
    private final String diagnosis;

    /** An exception with the given one-line message. */
    public TrainingDivergedException(String message) {
        super(message);
        this.diagnosis = message;
    }

    /**
     * An exception whose message is {@code diagnosis}, a full stop and {@code advice}: callers that
     * rethrow it in their own words (a command line naming its flags) keep the diagnosis.
     */
    public TrainingDivergedException(String diagnosis, String advice) {
        super(diagnosis + ". " + advice);
        this.diagnosis = diagnosis;
    }

    /** What went wrong (step, epoch, batch, last finite loss), without the advice. */
    public String diagnosis() {
        return diagnosis;
    }
}
