package dev.jnn.data.transforms;

import dev.jnn.data.Batch;

/**
 * A transform that maps each pixel value on its own, given only its channel ({@link ToTensor},
 * {@link Normalize}).
 *
 * <p>A loader folds a run of pixel transforms at the start of the chain into one 256-entry lookup
 * table per channel, built with {@link #apply(float, int)}, so converting uint8 to normalised floats
 * costs one table look-up per pixel and gives exactly the floats the transforms would.
 */
public interface PixelTransform extends Transform {
    /** The new value of a pixel of value {@code value} in channel {@code channel}. */
    float apply(float value, int channel);

    @Override
    default void apply(Batch batch) {
        float[] x = batch.imageArray();
        int plane = batch.height() * batch.width();
        int c = batch.channels();
        for (int n = 0; n < batch.size(); n++) {
            for (int ch = 0; ch < c; ch++) {
                int off = (n * c + ch) * plane;
                for (int p = 0; p < plane; p++) {
                    x[off + p] = apply(x[off + p], ch);
                }
            }
        }
    }
}
