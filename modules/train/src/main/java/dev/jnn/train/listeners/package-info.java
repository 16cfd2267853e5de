/**
 * Ready-made training listeners: console progress and epoch lines, metrics.csv and metrics.json,
 * curves.png, samples.png, predictions.png, and the model file.
 */
package dev.jnn.train.listeners;
