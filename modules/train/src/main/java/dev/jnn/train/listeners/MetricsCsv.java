package dev.jnn.train.listeners;

import dev.jnn.train.EpochMetrics;
import dev.jnn.train.Evaluation;
import dev.jnn.train.RunInfo;
import dev.jnn.train.RunResult;
import dev.jnn.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code metrics.csv}: a header and one row per epoch, rewritten atomically after each epoch so the
 * file is complete whenever the run stops. Missing values (no validation set) are empty cells.
 */
public final class MetricsCsv implements TrainingListener {
    /** The header row. */
    public static final String HEADER = "epoch,steps,train_loss,train_accuracy,val_loss,val_accuracy,"
            + "test_loss,test_accuracy,lr,seconds,samples_per_second";
    private final Path file;
    private final FileOutput output;
    private final List<String> rows = new ArrayList<>();

    /** Writes to {@code file}. */
    public MetricsCsv(Path file) {
        this(file, FileOutput.ATOMIC);
    }

    /** Writes to {@code file} through {@code output}. */
    public MetricsCsv(Path file, FileOutput output) {
        this.file = file;
        this.output = output;
    }

    @Override
    public void onEpoch(RunInfo run, EpochMetrics m) {
        rows.add(String.join(",", String.valueOf(m.epoch() + 1), String.valueOf(m.steps()),
                num(m.train().loss()), num(m.train().accuracy()), loss(m.validation()), acc(m.validation()),
                loss(m.test()), acc(m.test()), num(m.lr()), num(m.seconds()), num(m.samplesPerSecond())));
        write();
    }

    @Override
    public void onEnd(RunInfo run, RunResult result) {
        write();
    }

    private void write() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (String r : rows) sb.append(r).append('\n');
        try {
            output.write(file, tmp -> Files.writeString(tmp, sb, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static String loss(Evaluation e) {
        return e.present() ? num(e.loss()) : "";
    }

    private static String acc(Evaluation e) {
        return e.present() ? num(e.accuracy()) : "";
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }
}
