package dev.jnn.train;

import java.util.List;

/**
 * The outcome of {@link Trainer#fit()}.
 *
 * @param reason why the run ended
 * @param epochs the metrics of every epoch run, the last possibly partial
 * @param steps the training steps taken
 * @param trainSeconds wall time spent in training steps (evaluation excluded)
 * @param samplesPerSecond training samples per second over the run
 * @param test the final test evaluation, or {@link Evaluation#NONE}
 */
public record RunResult(StopReason reason, List<EpochMetrics> epochs, long steps, double trainSeconds,
        double samplesPerSecond, Evaluation test) {
    public RunResult {
        epochs = List.copyOf(epochs);
    }
}
