package dev.jnn.train.listeners;

import dev.jnn.data.Batch;
import dev.jnn.data.DataLoader;
import dev.jnn.data.Epoch;
import java.util.Arrays;

/**
 * The first {@code count} images and labels a loader yields in epoch 0, gathered across batches.
 *
 * @param images {@code count*c*h*w} floats, N×C×H×W
 * @param labels the labels
 * @param count how many were gathered (fewer when the data set is smaller)
 * @param channels C
 * @param height H
 * @param width W
 */
record ImageGrids(float[] images, int[] labels, int count, int channels, int height, int width) {

    static ImageGrids first(DataLoader loader, int count) {
        float[] images = null;
        int[] labels = new int[count];
        int n = 0;
        int c = 0;
        int h = 0;
        int w = 0;
        try (Epoch epoch = loader.epoch(0)) {
            for (Batch b : epoch) {
                if (images == null) {
                    c = b.channels();
                    h = b.height();
                    w = b.width();
                    images = new float[count * c * h * w];
                }
                int take = Math.min(count - n, b.size());
                int per = c * h * w;
                System.arraycopy(b.imageArray(), 0, images, n * per, take * per);
                System.arraycopy(b.labelArray(), 0, labels, n, take);
                n += take;
                b.release();
                if (n == count) break;
            }
        }
        if (images == null) return new ImageGrids(new float[0], new int[0], 0, 1, 1, 1);
        return new ImageGrids(Arrays.copyOf(images, n * c * h * w), Arrays.copyOf(labels, n), n, c, h, w);
    }

    /** These images as one batch (for a model's forward pass). */
    Batch asBatch() {
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) idx[i] = i;
        return new Batch(images.clone(), labels.clone(), idx, count, channels, height, width, 0, 0);
    }
}
