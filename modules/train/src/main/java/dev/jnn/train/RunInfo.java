package dev.jnn.train;

import java.util.Map;

/**
 * What a run is about to do, given to listeners before the first step.
 *
 * @param model the model's name, e.g. {@code cnn}
 * @param backend the backend's one-line description
 * @param epochs the number of epochs planned
 * @param batchesPerEpoch training batches per epoch
 * @param batchSize samples per training batch
 * @param trainSamples samples per training epoch
 * @param maxSteps the step limit, or 0 for none
 * @param seed the run's seed
 * @param hyperParameters every setting of the run, by name, in a stable order (numbers, strings, booleans)
 */
public record RunInfo(String model, String backend, int epochs, int batchesPerEpoch, int batchSize, int trainSamples,
        long maxSteps, long seed, Map<String, Object> hyperParameters) {
    public RunInfo {
        hyperParameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(hyperParameters));
    }

    /** The total number of steps the run will take: epochs × batches, or fewer with a step limit. */
    public long plannedSteps() {
        long all = (long) epochs * batchesPerEpoch;
        return maxSteps > 0 ? Math.min(all, maxSteps) : all;
    }
}
