package dev.jnn.train;

/**
 * Hears what a {@link Trainer} does: console progress, logs, plots and model files are listeners.
 * Every method has an empty default. Listeners run on the training thread, in the order given; a
 * listener that throws stops the run.
 */
public interface TrainingListener {
    /** Before the first step. */
    default void onStart(RunInfo run) {
    }

    /**
     * When the run continues from a {@link Checkpoint}, after {@link #onStart}: {@code history} holds
     * the epochs finished before it, {@code step} the steps done. By default each finished epoch is
     * replayed through {@link #onEpoch}, so listeners that keep per-epoch records (metrics files,
     * curves) carry on as if the run had never stopped; console listeners override it to say where
     * the run continues instead.
     */
    default void onResume(RunInfo run, java.util.List<EpochMetrics> history, long step) {
        for (EpochMetrics m : history) onEpoch(run, m);
    }

    /** After each training step. */
    default void onStep(StepEvent step) {
    }

    /** After each epoch, once validation and test are evaluated. */
    default void onEpoch(RunInfo run, EpochMetrics metrics) {
    }

    /**
     * After a {@link Checkpoint} was saved: the run can continue from {@code file} (at {@code step})
     * from now on, whatever happens to the process.
     */
    default void onCheckpoint(RunInfo run, long step, java.nio.file.Path file) {
    }

    /**
     * When the run ends for any reason, including divergence and interruption; {@code result} holds
     * what was done. Called exactly once per {@link Trainer#fit()}, if {@link #onStart} was.
     */
    default void onEnd(RunInfo run, RunResult result) {
    }
}
