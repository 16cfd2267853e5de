package dev.jnn.train.listeners;

import dev.jnn.data.DataLoader;
import dev.jnn.data.SampleGrid;
import dev.jnn.train.RunInfo;
import dev.jnn.train.RunResult;
import dev.jnn.train.StopReason;
import dev.jnn.train.Trainable;
import dev.jnn.train.Trainer;
import dev.jnn.train.TrainingListener;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code predictions.png}: the first test digits with "predicted/true" under each, wrong predictions
 * in red and framed; written when the run ends (not after divergence, when the weights are NaN).
 */
public final class PredictionImages implements TrainingListener {
    private final Path file;
    private final FileOutput output;
    private final Trainable model;
    private final DataLoader loader;
    private final int count;
    private final float mean;
    private final float std;

    /**
     * A prediction-grid writer.
     *
     * @param file the PNG to write
     * @param model the model to ask
     * @param loader the test loader (unshuffled, so "the first digits" are the file's first)
     * @param count how many digits to show
     * @param mean the loader's Normalize mean (0 without normalisation)
     * @param std the loader's Normalize standard deviation (1 without normalisation)
     */
    public PredictionImages(Path file, Trainable model, DataLoader loader, int count, float mean, float std) {
        this(file, model, loader, count, mean, std, FileOutput.ATOMIC);
    }

    /** As {@link #PredictionImages(Path, Trainable, DataLoader, int, float, float)}, writing through {@code output}. */
    public PredictionImages(Path file, Trainable model, DataLoader loader, int count, float mean, float std,
            FileOutput output) {
        this.file = file;
        this.output = output;
        this.model = model;
        this.loader = loader;
        this.count = count;
        this.mean = mean;
        this.std = std;
    }

    @Override
    public void onEnd(RunInfo run, RunResult result) {
        if (result.reason() == StopReason.DIVERGED || result.steps() == 0) return;
        try {
            write(model, loader, count, mean, std, file, output);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * Predicts the first {@code count} samples of {@code loader} and writes their grid to {@code file}
     * (atomically, creating its folder if needed).
     *
     * @return {predicted, true} labels, each of the samples' count
     */
    public static int[][] write(Trainable model, DataLoader loader, int count, float mean, float std, Path file)
            throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        return write(model, loader, count, mean, std, file, FileOutput.ATOMIC);
    }

    private static int[][] write(Trainable model, DataLoader loader, int count, float mean, float std, Path file,
            FileOutput output) throws IOException {
        ImageGrids g = ImageGrids.first(loader, count);
        int[] predicted = g.count() == 0 ? new int[0] : Trainer.predict(model, g.asBatch());
        if (g.count() > 0) {
            BufferedImage image = SampleGrid.builder().normalization(mean, std).scale(2)
                    .nrow(Math.min(10, g.count())).predictions(predicted, g.labels()).build()
                    .render(g.images(), g.count(), g.channels(), g.height(), g.width());
            output.write(file, tmp -> SampleGrid.encodePng(image, tmp));
        }
        return new int[][] {predicted, g.labels()};
    }
}
