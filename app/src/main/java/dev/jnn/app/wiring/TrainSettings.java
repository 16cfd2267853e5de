package dev.jnn.app.wiring;

import dev.jnn.app.models.ModelOptions;
import dev.jnn.train.Checkpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every setting of a training run, after the model's recipe was overridden by the flags given.
 *
 * @param model zoo name
 * @param modelOptions dropout and weight initialisation of the model
 * @param backend backend id
 * @param threads compute threads
 * @param plugins the plugins folder given with --plugins, or null for $JNN_PLUGINS
 * @param optimizer PyTorch's optimizer name, lower case ({@code sparseadam} for sparse-adam)
 * @param optimizerArgs PyTorch-named arguments given to the optimizer (the flags, and the recipe's lr and
 *     momentum); the optimizer fills in PyTorch's defaults for the others
 * @param batchSize samples per training batch
 * @param epochs epochs
 * @param maxSteps step limit (0: none)
 * @param scheduler none, step, multistep, exponential, cosine, onecycle or plateau
 * @param stepSize StepLR's step size (plateau: patience)
 * @param gamma decay factor of the scheduler
 * @param milestones MultiStepLR's epochs
 * @param mean Normalize mean (0 without)
 * @param std Normalize std (1 without)
 * @param seed seed of initialisation, shuffling and augmentation
 * @param dataDir --data-dir or null for the default
 * @param out the run folder
 * @param valSplit fraction of the training set held out for validation
 * @param augment random rotation and shift of training images
 * @param shuffle shuffle the training set each epoch
 * @param weights initial weights file or null
 * @param logEvery batches between plain progress lines
 * @param checkpointEvery steps between checkpoints (0: at the end of each epoch only)
 * @param clipGradNorm maximum total gradient norm (0: no clipping)
 * @param checkGradients check every step's gradients for NaN and infinity
 * @param memoryLogEvery steps between rows of memory.csv (0: no memory log)
 * @param plots whether to write samples.png, curves.png and predictions.png
 * @param commandLine the flags the run was started with, saved in its checkpoints for --resume
 * @param resumeFrom the checkpoint the run continues from, or null for a new run
 */
public record TrainSettings(String model, ModelOptions modelOptions, String backend, int threads, Path plugins, String optimizer,
        Map<String, Object> optimizerArgs,
        int batchSize, int epochs, long maxSteps, String scheduler, int stepSize, double gamma, int[] milestones,
        float mean, float std, long seed, Path dataDir, Path out, double valSplit, boolean augment, boolean shuffle,
        Path weights, int logEvery, long checkpointEvery, double clipGradNorm, boolean checkGradients, long memoryLogEvery, boolean plots,
        List<String> commandLine, Checkpoint resumeFrom) {

    /** The checkpoint file's name in a run folder. */
    public static final String CHECKPOINT = "checkpoint.safetensors";

    /** Where this run's checkpoints go. */
    public Path checkpointFile() {
        return out.resolve(CHECKPOINT);
    }

    /** These settings, started with {@code args}. */
    public TrainSettings withCommandLine(List<String> args) {
        return new TrainSettings(model, modelOptions, backend, threads, plugins, optimizer, optimizerArgs, batchSize, epochs, maxSteps,
                scheduler, stepSize, gamma, milestones, mean, std, seed, dataDir, out, valSplit, augment, shuffle, weights, logEvery,
                checkpointEvery, clipGradNorm, checkGradients, memoryLogEvery, plots, List.copyOf(args), resumeFrom);
    }

    /** These settings, continuing from {@code checkpoint}. */
    public TrainSettings resumingFrom(Checkpoint checkpoint) {
        return new TrainSettings(model, modelOptions, backend, threads, plugins, optimizer, optimizerArgs, batchSize, epochs, maxSteps,
                scheduler, stepSize, gamma, milestones, mean, std, seed, dataDir, out, valSplit, augment, shuffle, weights, logEvery,
                checkpointEvery, clipGradNorm, checkGradients, memoryLogEvery, plots, commandLine, checkpoint);
    }

    /** What checkpoints store to rebuild the run: the command line ({@code arg.N}) and the thread count. */
    public Map<String, String> checkpointMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < commandLine.size(); i++) m.put("arg." + i, commandLine.get(i));
        m.put("threads", String.valueOf(threads));
        return m;
    }

    /**
     * The settings recorded in metrics.json, by name, with {@code optimizerInForce}: every argument
     * the optimizer was built with, PyTorch's defaults included ({@link OptimizerArgs#inForce}).
     */
    public Map<String, Object> asMap(Map<String, Object> optimizerInForce) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("init", modelOptions.init().toString());
        m.put("dropout", modelOptions.dropout());
        m.put("backend", backend);
        m.put("threads", threads);
        m.put("optimizer", optimizer);
        optimizerInForce.forEach(m::put);
        m.put("batch_size", batchSize);
        m.put("epochs", epochs);
        m.put("max_steps", maxSteps);
        m.put("scheduler", scheduler);
        if (!scheduler.equals("none")) {
            m.put("step_size", stepSize);
            m.put("gamma", gamma);
        }
        if (scheduler.equals("multistep")) m.put("milestones", java.util.Arrays.stream(milestones).boxed().toList());
        m.put("normalize_mean", (double) mean);
        m.put("normalize_std", (double) std);
        m.put("val_split", valSplit);
        m.put("augment", augment);
        m.put("shuffle", shuffle);
        m.put("seed", seed);
        m.put("weights", weights == null ? null : weights.toString());
        m.put("log_every", logEvery);
        m.put("checkpoint_every", checkpointEvery);
        m.put("clip_grad_norm", clipGradNorm);
        m.put("check_gradients", checkGradients);
        return m;
    }
}
