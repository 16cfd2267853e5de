package dev.jnn.app.cli;

import dev.jnn.app.Io;
import dev.jnn.app.UsageException;
import dev.jnn.app.models.ModelOptions;
import dev.jnn.app.models.Recipe;
import dev.jnn.app.models.Recipes;
import dev.jnn.app.models.ZooModel;
import dev.jnn.app.wiring.Distributed;
import dev.jnn.app.wiring.DistributedModule;
import dev.jnn.app.wiring.MnistData;
import dev.jnn.app.wiring.OptimizerArgs;
import dev.jnn.app.wiring.ReplacedRun;
import dev.jnn.app.wiring.RunFolder;
import dev.jnn.app.wiring.Wiring;
import dev.jnn.app.wiring.TrainModule;
import dev.jnn.app.wiring.TrainSettings;
import dev.jnn.core.spi.Backend;
import dev.jnn.distributed.LaunchEnvironment;
import dev.jnn.nn.init.WeightInit;
import dev.jnn.train.RunResult;
import dev.jnn.train.StopReason;
import dev.jnn.train.Checkpoint;
import dev.jnn.train.Trainer;
import dev.jnn.train.TrainingDivergedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code jnn train}: trains a zoo model on MNIST with its seed recipe, every setting overridable. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = {"Train a model on MNIST and write metrics, plots and the model into --out.",
                "Each model starts from its seed tutorial's recipe; flags override it:",
                "  mlp     SGD lr 0.01 momentum 0.5, batch 64, 10 epochs, Normalize(0.1307, 0.3081)",
                "  bn-mlp  SGD lr 0.01 momentum 0.5, batch 64, 20 epochs, StepLR(5, 0.1), Normalize(0.5, 0.5)",
                "  cnn     Adam lr 0.001, batch 50, 1 epoch, ToTensor only, seed 1",
                "  lenet   SGD lr 0.01 momentum 0.9, batch 64, 20 epochs, StepLR(5, 0.5), Normalize(0.5, 0.5)",
                "  linear  Adam lr 0.001, batch 64, 1 epoch, ToTensor only",
                "jnn's speedrun CNN (99%% in one epoch):",
                "  speedrun  Adam, OneCycleLR peaking at lr 0.01, batch 128, 1 epoch, Normalize(0.1307, 0.3081)"})
public final class TrainCommand implements Callable<Integer> {
    static final List<String> SCHEDULERS = List.of("none", "step", "multistep", "exponential", "cosine", "onecycle", "plateau");

    /** The headings of {@code train --help}, each with its options in order. */
    static final List<HelpSections.Section> HELP_SECTIONS = List.of(
            new HelpSections.Section("Model and data", List.of("--model", "--init", "--dropout", "--weights", "--data-dir",
                    "--batch-size", "--val-split", "--augment", "--no-shuffle", "--seed")),
            new HelpSections.Section("Optimizer (PyTorch's arguments; a flag the optimizer does not take is refused)",
                    concat(List.of("--optimizer"), OptimizerArgs.FLAGS.keySet(), List.of("--clip-grad-norm", "--check-gradients"))),
            new HelpSections.Section("Schedule", List.of("--epochs", "--max-steps", "--scheduler", "--step-size", "--gamma",
                    "--milestones")),
            new HelpSections.Section("Output", List.of("--out", "--overwrite", "--resume", "--checkpoint-every", "--log-every", "--memory-log",
                    "--no-plots")),
            new HelpSections.Section("Backend", List.of("--backend", "--threads", "--distributed", "--plugins", "--verbose", "--help",
                    "--version")));

    @SafeVarargs
    private static List<String> concat(java.util.Collection<String>... parts) {
        List<String> all = new ArrayList<>();
        for (java.util.Collection<String> p : parts) all.addAll(p);
        return List.copyOf(all);
    }

    private final Io io;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "cnn",
            description = "mlp, bn-mlp, cnn, lenet, linear or speedrun (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--init", paramLabel = "NAME[:X]", defaultValue = "pytorch",
            description = "Weight initialisation of every Linear and Conv2d layer, biases keeping PyTorch's default: pytorch "
                    + "(default: each layer's own), zeros, normal[:STD] (N(0, STD²), STD 0.01), uniform[:A] (U(-A, A), A 0.01), "
                    + "xavier-uniform, xavier-normal, kaiming-uniform, kaiming-normal (PyTorch's defaults: fan_in, gain √2), "
                    + "sparse[:FRACTION] (FRACTION of each column zero, 0.1; the rest N(0, 0.01²); no conv models).")
    String init;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
            description = "Dropout(P) after each hidden layer's activation (and pooling), in [0, 1] (default: ${DEFAULT-VALUE}, off).")
    double dropout;

    @Mixin
    CommonOptions.BackendChoice backend;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: the recipe's).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Training batch size (default: the recipe's).")
    Integer batchSize;

    @Mixin
    OptimizerOptions optimizer;

    @Option(names = "--scheduler", paramLabel = "NAME",
            description = "none, step, multistep, exponential, cosine, onecycle or plateau (default: the recipe's).")
    String scheduler;

    @Option(names = "--step-size", paramLabel = "N", description = "StepLR's step size in epochs; plateau's patience (default: the recipe's, else 5).")
    Integer stepSize;

    @Option(names = "--gamma", paramLabel = "X", description = "Decay factor of step, multistep, exponential and plateau (default: the recipe's, else 0.1).")
    Double gamma;

    @Option(names = "--milestones", paramLabel = "E,E", split = ",", description = "MultiStepLR's epochs (default: half and three quarters of --epochs).")
    int[] milestones;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of initialisation, shuffling and augmentation (default: the recipe's).")
    Long seed;

    @Mixin
    CommonOptions.DataDir data;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Run folder (default: runs/<model>-<timestamp>, with -2, -3, ... if taken); one holding a run is refused.")
    Path out;

    @Option(names = "--overwrite",
            description = "Replace the run already in --out, as a whole, once this run saves its first checkpoint (until then it stays intact).")
    boolean overwrite;

    @Option(names = "--val-split", paramLabel = "F", defaultValue = "0",
            description = "Fraction of the training set held out for validation, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double valSplit;

    @Option(names = "--augment", description = "Randomly rotate (±10°) and shift (±2 px) training images.")
    boolean augment;

    @Option(names = "--weights", paramLabel = "FILE", description = "Start from these weights (safetensors) instead of a fresh initialisation.")
    Path weights;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "0", description = "Stop after N steps in all (default: no limit).")
    long maxSteps;

    @Option(names = "--no-shuffle", description = "Read the training set in file order.")
    boolean noShuffle;

    @Option(names = "--log-every", paramLabel = "N", defaultValue = "300",
            description = "Batches between progress lines when the output is not a terminal (default: ${DEFAULT-VALUE}, as seed 000).")
    int logEvery;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "0",
            description = "Also save a checkpoint every N steps; one is saved at the end of every epoch (default: ${DEFAULT-VALUE}, epochs only).")
    long checkpointEvery;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue the run in RUN_DIR from its last checkpoint, with that run's settings.")
    Path resume;

    @Option(names = "--clip-grad-norm", paramLabel = "MAX",
            description = "Scale the gradients to a total L2 norm of at most MAX, like torch.nn.utils.clip_grad_norm_ (default: off).")
    Double clipGradNorm;

    @Option(names = "--check-gradients",
            description = "Stop at the first step whose gradients hold NaN or infinity, naming the parameter (costs a reduction per parameter each step; always on with --clip-grad-norm).")
    boolean checkGradients;

    @Option(names = "--memory-log", paramLabel = "N", defaultValue = "0",
            description = "Every N steps, log native live bytes, resident memory and heap to memory.csv in --out (default: off).")
    long memoryLogEvery;

    @Option(names = "--no-plots",
            description = "Write no PNG files (samples, curves, predictions): for a machine without fonts, such as a bare GPU server.")
    boolean noPlots;

    @Mixin
    DistributedOptions distributed;

    @Mixin
    CommonOptions.Verbose verbose;

    @Spec
    CommandSpec spec;

    /** Flags that may come with --resume: where things are and how to show them, not what is computed. */
    static final Set<String> RESUME_FLAGS = Set.of("--resume", "--data-dir", "--plugins", "--verbose", "--log-every", "--memory-log",
            "--backend", "--threads", "--no-plots", "--distributed");

    TrainCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        LaunchEnvironment launch = distributed.launch();
        Io io = DistributedOptions.forRank(this.io, launch);   // only rank 0 prints; every rank reports errors
        if (distributed.name != null && backend.threads == null) backend.threads = DistributedOptions.threadsPerRank(launch);
        TrainSettings s = resume != null ? resumedSettings() : settings().withCommandLine(commandLine());
        distributed.check(launch);
        ReplacedRun replacing = resume == null ? replacedRun(s.out()) : null;
        if (s.plots()) PlotFonts.requireUsable("or pass --no-plots");
        Wiring injector = Wiring.of(new TrainModule(s, io, replacing, new DistributedModule(distributed.name, launch, io)));
        Backend be = injector.get(Backend.class);
        Distributed dist = injector.get(Distributed.class);   // joins the job (MPI_Init) before any data is read
        ZooModel m = injector.get(ZooModel.class);
        // Before the data: a value the optimizer refuses is reported without reading MNIST first.
        TrainModule.OptimizerChoice opt = injector.get(TrainModule.OptimizerChoice.class);
        io.out().println(m.summary(1, 28, 28));
        io.out().println("backend: " + be.description());
        if (dist.enabled()) io.out().println("distributed: " + dist.description());
        MnistData d = injector.get(MnistData.class);
        TrainModule.Loaders loaders = injector.get(TrainModule.Loaders.class);
        io.out().printf(Locale.ROOT, "data: %,d training images%s, %,d test images, from %s%n",
                loaders.train().dataset().size(), loaders.validation() == null ? ""
                        : String.format(Locale.ROOT, " (+%,d for validation)", loaders.validation().dataset().size()),
                loaders.test().dataset().size(), d.dir());
        io.out().printf(Locale.ROOT, "recipe: %s, batch %d, %d epoch%s%s, %s, seed %d, init %s, %s%n",
                OptimizerArgs.describe(opt.optimizer().name(), opt.arguments()),
                s.batchSize(), s.epochs(), s.epochs() == 1 ? "" : "s", s.scheduler().equals("none") ? "" : ", scheduler " + s.scheduler(),
                s.mean() == 0f && s.std() == 1f ? "ToTensor" : "Normalize(" + s.mean() + ", " + s.std() + ")", s.seed(),
                s.modelOptions().init(), s.modelOptions().dropout() == 0 ? "no dropout" : "dropout " + s.modelOptions().dropout());
        io.out().println("writing to " + s.out() + (replacing == null ? ""
                : " (replacing the run there once this run saves its first checkpoint)"));
        // The run folder exists before the first file goes into it, whichever listener writes first.
        if (resume == null && out == null) {
            RunFolder.claim(s.out());
        } else {
            Files.createDirectories(s.out());
        }
        RunFolder.removeLeftovers(s.out());
        if (s.resumeFrom() != null) {
            io.out().printf(Locale.ROOT, "resuming from %s: step %d, epoch %d, batch %d%n", s.checkpointFile(),
                    s.resumeFrom().step(), s.resumeFrom().epoch() + 1, s.resumeFrom().nextBatch() + 1);
        }
        RunResult r;
        try {
            r = injector.get(Trainer.class).fit();
        } catch (RuntimeException e) {
            // The trainer's advice on divergence names its builder; here the flags that do the same.
            RuntimeException shown = e instanceof TrainingDivergedException diverged
                    ? new TrainingDivergedException(diverged.diagnosis(), "Try a lower learning rate or --clip-grad-norm") : e;
            dist.abort(shown.getMessage());   // the other ranks stop at once, naming this one and why
            throw shown;
        } finally {
            if (replacing != null) replacing.discard();
        }
        if (dist.stats() != null) io.out().println("gradient all-reduce: " + dist.stats());
        dist.close();
        // Every file is written and the loaders have stopped: give the backend's native memory back
        // now rather than at exit (on a GPU, compute-sanitizer counts what is still held as leaked).
        be.close();
        if (r.reason() == StopReason.INTERRUPTED) {
            io.out().println("interrupted: metrics of the " + r.steps() + " steps done are in " + s.out()
                    + "; continue with: jnn train --resume " + s.out());
            return 130;
        }
        io.out().printf(Locale.ROOT, "test accuracy %.2f%% (loss %.4f) after %d steps, %.1f s training, %,.0f samples/s; files in %s%n",
                100 * r.test().accuracy(), r.test().loss(), r.steps(), r.trainSeconds(), r.samplesPerSecond(), s.out());
        return 0;
    }

    /**
     * The earlier run a new run in {@code dir} replaces ({@code --overwrite}), or null when the folder
     * holds none; without --overwrite a folder holding a run is refused, before anything is loaded.
     */
    private ReplacedRun replacedRun(Path dir) {
        List<String> old = RunFolder.runFilesIn(dir);
        if (old.isEmpty()) return null;
        if (!overwrite) {
            throw new UsageException("--out " + dir + " already holds a run (" + String.join(", ", old) + "); continue it with"
                    + " --resume " + dir + ", replace it with --overwrite, or choose another --out");
        }
        return new ReplacedRun(dir, old, io.out()::println);
    }

    /** The flags this run was started with, as given (each option followed by its values). */
    private List<String> commandLine() {
        List<String> args = new ArrayList<>();
        for (CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (o.arity().max() == 0) {
                args.add(o.longestName());
            } else {
                for (String v : o.originalStringValues()) {
                    args.add(o.longestName());
                    args.add(v);
                }
            }
        }
        return args;
    }

    /**
     * The settings of the run in --resume's folder: its saved command line parsed again, with this
     * invocation's --data-dir, --log-every, --backend and --threads where given; any other flag is
     * an error, since the run continues with its own recipe.
     */
    private TrainSettings resumedSettings() {
        ParseResult now = spec.commandLine().getParseResult();
        List<String> extra = now.matchedOptions().stream().map(o -> o.longestName())
                .filter(n -> !RESUME_FLAGS.contains(n)).distinct().toList();
        if (!extra.isEmpty()) {
            throw new UsageException("--resume continues the run with its own settings; leave out " + String.join(", ", extra)
                    + " (only --data-dir, --log-every, --memory-log, --backend, --threads, --plugins and --verbose may change)");
        }
        if (!Files.isDirectory(resume)) throw new UsageException("--resume " + resume + " is not a run folder");
        Checkpoint c = Checkpoint.read(resume.resolve(TrainSettings.CHECKPOINT));
        List<String> saved = savedCommandLine(c);
        TrainCommand original = new TrainCommand(io);
        try {
            new CommandLine(original).parseArgs(saved.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new UsageException("the checkpoint in " + resume + " holds a command line this jnn cannot read: " + e.getMessage());
        }
        original.out = resume;
        String threadsSaved = c.metadata().get("threads");
        original.backend.threads = now.hasMatchedOption("--threads") ? backend.threads
                : threadsSaved == null ? null : Integer.valueOf(threadsSaved);
        if (now.hasMatchedOption("--backend")) original.backend.backend = backend.backend;
        original.backend.plugins.dir = backend.plugins.dir;
        if (now.hasMatchedOption("--data-dir")) original.data.dataDir = data.dataDir;
        if (now.hasMatchedOption("--log-every")) original.logEvery = logEvery;
        if (now.hasMatchedOption("--memory-log")) original.memoryLogEvery = memoryLogEvery;
        if (now.hasMatchedOption("--no-plots")) original.noPlots = noPlots;
        if (!now.hasMatchedOption("--distributed")) distributed.name = original.distributed.name;
        return original.settings().withCommandLine(saved).resumingFrom(c);
    }

    /** The command line a checkpoint was saved with ({@code arg.0}, {@code arg.1}, ... in its metadata). */
    private List<String> savedCommandLine(Checkpoint c) {
        List<String> args = new ArrayList<>();
        for (int i = 0; c.metadata().containsKey("arg." + i); i++) args.add(c.metadata().get("arg." + i));
        return args;
    }

    /** The recipe of --model, overridden by the flags given; every value checked. */
    TrainSettings settings() {
        Recipe r = Recipes.find(model).orElseThrow(() -> new UsageException("unknown model '" + model + "'; valid: "
                + String.join(", ", Recipes.names())));
        String opt = optimizer.name(r);
        Map<String, Object> args = optimizer.args(r, opt);
        WeightInit wi;
        try {
            wi = WeightInit.parse(init);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--init: " + e.getMessage());
        }
        if (weights != null && !wi.equals(WeightInit.PYTORCH)) {
            throw new UsageException("--init has no effect with --weights, whose values replace the initialisation; leave one out");
        }
        if (!(dropout >= 0 && dropout <= 1)) throw new UsageException("--dropout must be in [0, 1], got " + dropout);
        int ep = epochs != null ? epochs : r.epochs();
        if (ep < 1) throw new UsageException("--epochs must be at least 1, got " + ep);
        int bs = batchSize != null ? batchSize : r.batchSize();
        if (bs < 1) throw new UsageException("--batch-size must be at least 1, got " + bs);
        String sched = scheduler != null ? scheduler.toLowerCase(Locale.ROOT) : r.scheduler();
        if (!SCHEDULERS.contains(sched)) {
            throw new UsageException("unknown scheduler '" + scheduler + "'; valid: " + String.join(", ", SCHEDULERS));
        }
        int step = stepSize != null ? stepSize : r.stepSize();
        if (step < 1) throw new UsageException("--step-size must be at least 1, got " + step);
        double g = gamma != null ? gamma : r.gamma();
        if (!(g > 0)) throw new UsageException("--gamma must be positive, got " + g);
        int[] ms = milestones != null ? milestones : new int[] {Math.max(1, ep / 2), Math.max(2, ep * 3 / 4)};
        if (sched.equals("multistep") && Arrays.stream(ms).anyMatch(x -> x < 1)) {
            throw new UsageException("--milestones must be positive epochs, got " + Arrays.toString(ms));
        }
        if (!(valSplit >= 0 && valSplit < 1)) throw new UsageException("--val-split must be in [0, 1), got " + valSplit);
        if (maxSteps < 0) throw new UsageException("--max-steps must be 0 (no limit) or more, got " + maxSteps);
        if (logEvery < 1) throw new UsageException("--log-every must be at least 1, got " + logEvery);
        if (memoryLogEvery < 0) throw new UsageException("--memory-log must be 0 (off) or more, got " + memoryLogEvery);
        if (checkpointEvery < 0) throw new UsageException("--checkpoint-every must be 0 (epochs only) or more, got " + checkpointEvery);
        double clip = clipGradNorm == null ? 0 : clipGradNorm;
        if (!(clip >= 0) || Double.isInfinite(clip) || clipGradNorm != null && clip == 0) {
            throw new UsageException("--clip-grad-norm must be a positive number, got " + clipGradNorm);
        }
        int threads = backend.threads != null ? backend.threads : Runtime.getRuntime().availableProcessors();
        if (threads < 1) throw new UsageException("--threads must be at least 1, got " + threads);
        Path dir = out != null ? out : RunFolder.defaultFor(Path.of("runs"), model, LocalDateTime.now());
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new UsageException("--out " + dir + " is a file, not a folder");
        String optName = OptimizerArgs.libraryName(opt);
        return new TrainSettings(model, new ModelOptions(dropout, wi), backend.backend, threads, backend.plugins.dir, optName, args, bs,
                ep, maxSteps, sched, step, g, ms,
                r.mean(), r.std(), seed != null ? seed : r.seed(), data.dataDir, dir, valSplit, augment, !noShuffle,
                weights, logEvery, checkpointEvery, clip, checkGradients, memoryLogEvery, !noPlots, List.of(), null);
    }
}
