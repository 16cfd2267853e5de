/**
 * Preprocessing fitted on a training set and applied to any split: mean-centering,
 * standardisation, PCA (with optional whitening) and ZCA whitening.
 */
package dev.jnn.data.preprocess;
