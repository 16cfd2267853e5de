package dev.jnn.train.listeners;

import dev.jnn.data.DataLoader;
import dev.jnn.data.SampleGrid;
import dev.jnn.train.RunInfo;
import dev.jnn.train.TrainingListener;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * {@code samples.png}: the first 64 training images of epoch 0 (after the loader's shuffling and
 * transforms, so exactly what the model sees first), 8 per row, each with its label; written before
 * the first step.
 */
public final class SampleImages implements TrainingListener {
    private final Path file;
    private final FileOutput output;
    private final DataLoader loader;
    private final float mean;
    private final float std;

    /**
     * A sample-grid writer.
     *
     * @param file the PNG to write
     * @param loader the training loader
     * @param mean the loader's Normalize mean (0 when it does not normalise), undone for drawing
     * @param std the loader's Normalize standard deviation (1 when it does not normalise)
     */
    public SampleImages(Path file, DataLoader loader, float mean, float std) {
        this(file, loader, mean, std, FileOutput.ATOMIC);
    }

    /** As {@link #SampleImages(Path, DataLoader, float, float)}, writing through {@code output}. */
    public SampleImages(Path file, DataLoader loader, float mean, float std, FileOutput output) {
        this.file = file;
        this.output = output;
        this.loader = loader;
        this.mean = mean;
        this.std = std;
    }

    @Override
    public void onStart(RunInfo run) {
        ImageGrids g = ImageGrids.first(loader, 64);
        if (g.count() == 0) return;
        try {
            BufferedImage image = SampleGrid.builder().normalization(mean, std).scale(2).labels(g.labels()).build()
                    .render(g.images(), g.count(), g.channels(), g.height(), g.width());
            output.write(file, tmp -> SampleGrid.encodePng(image, tmp));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
