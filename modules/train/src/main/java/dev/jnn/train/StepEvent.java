package dev.jnn.train;

/**
 * One finished training step.
 *
 * @param epoch the epoch, from 0
 * @param batch the batch within the epoch, from 0
 * @param batchesInEpoch batches in this epoch
 * @param step the number of steps done so far in the run, from 1
 * @param samples samples in this batch
 * @param loss this batch's loss
 * @param runningLoss the mean loss of the epoch's batches so far
 * @param samplesPerSecond training throughput of the epoch so far
 * @param lr the first parameter group's learning rate during the step
 * @param stepSeconds wall time of this step alone (forward, backward, update), without the wait
 *     for its batch or the listeners
 */
public record StepEvent(int epoch, int batch, int batchesInEpoch, long step, int samples, double loss,
        double runningLoss, double samplesPerSecond, double lr, double stepSeconds) {
}
