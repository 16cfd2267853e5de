package dev.jnn.data.transforms;

import dev.jnn.data.Batch;

/**
 * A transform of a batch's images, applied in place, one batch at a time.
 *
 * <p>Images enter the first transform as floats holding the raw pixel values 0..255; {@link ToTensor}
 * scales them to [0, 1] as torchvision's does. Implementations must be thread-safe (a loader calls
 * them on its prefetch thread) and, if random, derive their randomness from
 * ({@code seed}, {@link Batch#epoch()}, {@link Batch#indices()}) only, so that results do not
 * depend on batch size or threading.
 */
@FunctionalInterface
public interface Transform {
    /** Transforms {@code batch.imageArray()} in place. */
    void apply(Batch batch);
}
