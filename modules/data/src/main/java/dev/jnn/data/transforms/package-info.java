/**
 * Per-batch image transforms on float arrays, composed in order: {@code ToTensor}, {@code Normalize},
 * and seeded random augmentation (shift, rotation).
 */
package dev.jnn.data.transforms;
