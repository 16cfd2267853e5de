package dev.jnn.train;

/** Why a run ended. */
public enum StopReason {
    /** Every planned epoch ran. */
    COMPLETED,
    /** The step limit ({@code --max-steps}) was reached. */
    MAX_STEPS,
    /** Someone asked it to stop ({@link Trainer#requestStop()}, Ctrl-C). */
    INTERRUPTED,
    /** The loss became NaN or infinite. */
    DIVERGED
}
