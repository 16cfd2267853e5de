/**
 * The {@link dev.jnn.train.Trainer} and what it reports: {@link dev.jnn.train.EpochMetrics},
 * {@link dev.jnn.train.RunResult}, and the {@link dev.jnn.train.TrainingListener} interface.
 */
package dev.jnn.train;
