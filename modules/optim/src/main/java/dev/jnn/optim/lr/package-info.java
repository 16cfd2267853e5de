/**
 * Learning-rate schedulers with PyTorch 1.13's formulas: {@link dev.jnn.optim.lr.StepLR},
 * {@link dev.jnn.optim.lr.MultiStepLR}, {@link dev.jnn.optim.lr.ExponentialLR},
 * {@link dev.jnn.optim.lr.CosineAnnealingLR}, {@link dev.jnn.optim.lr.OneCycleLR} (all
 * {@link dev.jnn.optim.lr.LRScheduler}s, stepped once per epoch or, for OneCycleLR, once per batch)
 * and {@link dev.jnn.optim.lr.ReduceLROnPlateau} (stepped with a metric).
 */
package dev.jnn.optim.lr;
