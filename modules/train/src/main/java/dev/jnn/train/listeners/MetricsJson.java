package dev.jnn.train.listeners;

import dev.jnn.train.EpochMetrics;
import dev.jnn.train.RunInfo;
import dev.jnn.train.RunResult;
import dev.jnn.train.StepEvent;
import dev.jnn.train.TrainingListener;
import dev.jnn.train.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.json}: the run's summary (model, backend, epochs, steps, test accuracy and loss,
 * training seconds, samples per second, seed, stop reason), every hyper-parameter, and the
 * per-epoch history. Written atomically when the run ends, whatever the reason; NaN becomes null.
 *
 * <p>{@code samples_per_second} is the whole run's, JIT warm-up included;
 * {@code steady_samples_per_second} counts only the steps after the first {@code warmup_steps}
 * (null when the run was no longer than that), the figure to compare with a framework that needs
 * no warm-up. Both time the steps themselves, not evaluation or listeners.
 *
 * <p>{@code blocks} holds the samples and step seconds of each run of {@value #BLOCK_STEPS} steps
 * (the last, shorter one included): the warm-up curve. On two cores the JIT compilers share the
 * cores with the training threads for a couple of epochs, so a benchmark picks its steady window
 * from these rather than from a fixed warm-up.
 */
public final class MetricsJson implements TrainingListener {
    /** Steps left out of the steady-state throughput by {@link #MetricsJson(Path)}. */
    public static final int DEFAULT_WARMUP_STEPS = 100;

    /** Steps per entry of {@code blocks}. */
    public static final int BLOCK_STEPS = 500;

    private final Path file;
    private final FileOutput output;
    private final int warmupSteps;
    private long stepsSeen;
    private long steadySamples;
    private double steadySeconds;
    // Finished blocks, and the open one in plain fields: a step adds to two numbers, no boxing.
    private final List<Long> blockSamples = new ArrayList<>();
    private final List<Double> blockSeconds = new ArrayList<>();
    private long openSamples;
    private double openSeconds;

    /** Writes to {@code file}; the steady-state throughput leaves out the first {@value #DEFAULT_WARMUP_STEPS} steps. */
    public MetricsJson(Path file) {
        this(file, DEFAULT_WARMUP_STEPS);
    }

    /**
     * Writes to {@code file}; the steady-state throughput leaves out the first {@code warmupSteps} steps.
     *
     * @throws IllegalArgumentException if {@code warmupSteps} is negative
     */
    public MetricsJson(Path file, int warmupSteps) {
        this(file, warmupSteps, FileOutput.ATOMIC);
    }

    /**
     * Writes to {@code file} through {@code output}; the steady-state throughput leaves out the first
     * {@code warmupSteps} steps.
     *
     * @throws IllegalArgumentException if {@code warmupSteps} is negative
     */
    public MetricsJson(Path file, int warmupSteps, FileOutput output) {
        if (warmupSteps < 0) throw new IllegalArgumentException("warm-up steps must be 0 or more, got " + warmupSteps);
        this.file = file;
        this.warmupSteps = warmupSteps;
        this.output = output;
    }

    @Override
    public void onStart(RunInfo run) {
        stepsSeen = 0;
        steadySamples = 0;
        steadySeconds = 0;
        blockSamples.clear();
        blockSeconds.clear();
        openSamples = 0;
        openSeconds = 0;
    }

    @Override
    public void onStep(StepEvent e) {
        openSamples += e.samples();
        openSeconds += e.stepSeconds();
        if (++stepsSeen % BLOCK_STEPS == 0) closeBlock();
        if (stepsSeen <= warmupSteps) return;
        steadySamples += e.samples();
        steadySeconds += e.stepSeconds();
    }

    private void closeBlock() {
        blockSamples.add(openSamples);
        blockSeconds.add(openSeconds);
        openSamples = 0;
        openSeconds = 0;
    }

    @Override
    public void onEnd(RunInfo run, RunResult r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", run.model());
        root.put("backend", run.backend());
        root.put("epochs", r.epochs().size());
        root.put("steps", r.steps());
        root.put("stop_reason", r.reason().name().toLowerCase(java.util.Locale.ROOT));
        root.put("test_accuracy", r.test().accuracy());
        root.put("test_loss", r.test().loss());
        root.put("train_seconds", r.trainSeconds());
        root.put("samples_per_second", r.samplesPerSecond());
        root.put("warmup_steps", warmupSteps);
        root.put("steady_steps", Math.max(0, stepsSeen - warmupSteps));
        root.put("steady_samples_per_second", steadySamples == 0 ? Double.NaN : steadySamples / Math.max(1e-9, steadySeconds));
        Map<String, Object> blocks = new LinkedHashMap<>();
        blocks.put("steps", BLOCK_STEPS);
        List<Long> samples = new ArrayList<>(blockSamples);
        List<Double> seconds = new ArrayList<>(blockSeconds);
        if (stepsSeen % BLOCK_STEPS != 0) {  // the last, shorter block
            samples.add(openSamples);
            seconds.add(openSeconds);
        }
        blocks.put("samples", samples);
        blocks.put("seconds", seconds);
        root.put("blocks", blocks);
        root.put("seed", run.seed());
        root.put("hyperparameters", run.hyperParameters());
        List<Object> history = new ArrayList<>();
        for (EpochMetrics m : r.epochs()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("epoch", m.epoch() + 1);
            e.put("steps", m.steps());
            e.put("train_loss", m.train().loss());
            e.put("train_accuracy", m.train().accuracy());
            e.put("val_loss", m.validation().loss());
            e.put("val_accuracy", m.validation().accuracy());
            e.put("test_loss", m.test().loss());
            e.put("test_accuracy", m.test().accuracy());
            e.put("lr", m.lr());
            e.put("seconds", m.seconds());
            e.put("samples_per_second", m.samplesPerSecond());
            history.add(e);
        }
        root.put("history", history);
        try {
            String json = Json.write(root);
            output.write(file, tmp -> Files.writeString(tmp, json, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
