package dev.jnn.train.listeners;

import dev.jnn.train.RunInfo;
import dev.jnn.train.RunResult;
import dev.jnn.train.StopReason;
import dev.jnn.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Saves the trained model when the run ends (also after an interruption, with what was learned so
 * far; not after divergence, when the weights are NaN). How the model becomes a file is the
 * caller's: typically its state dict written as safetensors, atomically.
 */
public final class ModelFile implements TrainingListener {
    /** Writes a model to a file. */
    @FunctionalInterface
    public interface Saver {
        /** Writes the model to {@code file}. */
        void save(Path file) throws IOException;
    }

    private final Path file;
    private final Saver saver;
    private final FileOutput output;

    /** Saves through {@code saver} to {@code file} (the saver writes atomically itself). */
    public ModelFile(Path file, Saver saver) {
        this.file = file;
        this.saver = saver;
        this.output = null;
    }

    /** Saves through {@code saver} into the temporary file {@code output} gives for {@code file}. */
    public ModelFile(Path file, Saver saver, FileOutput output) {
        this.file = file;
        this.saver = saver;
        this.output = output;
    }

    @Override
    public void onEnd(RunInfo run, RunResult result) {
        if (result.reason() == StopReason.DIVERGED || result.steps() == 0) return;
        try {
            if (output == null) {
                saver.save(file);
            } else {
                output.write(file, saver::save);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
