package dev.jnn.train;

/**
 * The metrics of one epoch (a partial one when the run stopped early).
 *
 * @param epoch the epoch, from 0
 * @param steps the steps taken in this epoch
 * @param train training loss (mean over the epoch's samples, as the weights moved) and accuracy
 * @param validation validation loss and accuracy after the epoch, or {@link Evaluation#NONE}
 * @param test test loss and accuracy after the epoch, or {@link Evaluation#NONE}
 * @param lr the learning rate used during the epoch (first parameter group)
 * @param seconds wall time of the epoch's training steps (evaluation excluded)
 * @param samplesPerSecond training samples per second in this epoch
 */
public record EpochMetrics(int epoch, long steps, Evaluation train, Evaluation validation, Evaluation test,
        double lr, double seconds, double samplesPerSecond) {
}
