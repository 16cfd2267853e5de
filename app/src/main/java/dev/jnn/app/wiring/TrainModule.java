package dev.jnn.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.jnn.app.Io;
import dev.jnn.app.UsageException;
import dev.jnn.app.models.ModelCatalog;
import dev.jnn.app.models.ZooModel;
import dev.jnn.core.BackendScope;
import dev.jnn.core.Generator;
import dev.jnn.core.spi.Backend;
import dev.jnn.data.DataLoader;
import dev.jnn.data.ImageDataset;
import dev.jnn.data.Shard;
import dev.jnn.data.transforms.Interpolation;
import dev.jnn.data.transforms.RandomRotation;
import dev.jnn.data.transforms.RandomShift;
import dev.jnn.data.transforms.Transform;
import dev.jnn.optim.Optimizer;
import dev.jnn.optim.lr.CosineAnnealingLR;
import dev.jnn.optim.lr.ExponentialLR;
import dev.jnn.optim.lr.LRScheduler;
import dev.jnn.optim.lr.MultiStepLR;
import dev.jnn.optim.lr.OneCycleLR;
import dev.jnn.optim.lr.ReduceLROnPlateau;
import dev.jnn.optim.lr.StepLR;
import dev.jnn.train.Trainer;
import dev.jnn.train.TrainingListener;
import dev.jnn.train.listeners.ConsoleProgress;
import dev.jnn.train.listeners.CurvesPlot;
import dev.jnn.train.listeners.EpochLog;
import dev.jnn.train.listeners.FileOutput;
import dev.jnn.train.listeners.MemoryLog;
import dev.jnn.train.listeners.MetricsCsv;
import dev.jnn.train.listeners.MetricsJson;
import dev.jnn.train.listeners.ModelFile;
import dev.jnn.train.listeners.PredictionImages;
import dev.jnn.train.listeners.SampleImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Wires a training run from its {@link TrainSettings}: model, optimizer, scheduler, data and listeners. */
public final class TrainModule extends AbstractModule {
    /** Evaluation batches are large: no gradients are kept, and fewer calls are faster. */
    static final int EVAL_BATCH = 1000;
    /** Digits shown in predictions.png. */
    static final int PREDICTIONS = 50;

    private final TrainSettings s;
    private final Io io;
    private final ReplacedRun replaced;
    private final DistributedModule distributed;

    /** A module for one run in a single process. */
    public TrainModule(TrainSettings settings, Io io) {
        this(settings, io, null);
    }

    /** A module for one run that replaces an earlier one in its folder ({@code --overwrite}); null for none. */
    public TrainModule(TrainSettings settings, Io io, ReplacedRun replaced) {
        this(settings, io, replaced, DistributedModule.single(io));
    }

    /**
     * A module for one run, one rank of the data-parallel job {@code distributed} describes, replacing
     * {@code replaced} (null for none).
     */
    public TrainModule(TrainSettings settings, Io io, ReplacedRun replaced, DistributedModule distributed) {
        this.s = settings;
        this.io = io;
        this.replaced = replaced;
        this.distributed = distributed;
    }

    @Override
    protected void configure() {
        install(new BackendModule(s.backend(), s.threads(), s.plugins()));
        install(new ModelModule());
        install(distributed);
    }

    /** The three loaders of a run; validation is null without --val-split. */
    public record Loaders(DataLoader train, DataLoader validation, DataLoader test) {
    }

    /** The scheduler of a run: at most one of the two is set. */
    public record Schedule(LRScheduler scheduler, boolean perBatch, ReduceLROnPlateau plateau) {
    }

    @Provides
    @Singleton
    MnistData data(Distributed d) throws IOException {
        // Rank 0 fetches MNIST if it is missing while the others wait: two fetches into one folder trip over each other.
        if (d.rank() != 0) d.barrier();
        MnistData data = new MnistData(s.dataDir(), io);
        if (d.rank() == 0) d.barrier();
        return data;
    }

    @Provides
    @Singleton
    ZooModel model(Backend backend, ModelCatalog catalog) throws IOException {
        Generator.seedGlobal(s.seed());
        ZooModel m;
        try (BackendScope on = BackendScope.use(backend)) {   // the layers allocate their parameters there
            m = catalog.create(s.model(), s.modelOptions());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--init " + s.modelOptions().init() + " --model " + s.model() + ": " + e.getMessage());
        }
        if (s.weights() != null) ModelFiles.load(m, s.weights());
        return m;
    }

    /**
     * The optimizer of a run and every argument it was built with (PyTorch's defaults filled in),
     * taken before a scheduler changes the learning rate.
     */
    public record OptimizerChoice(Optimizer optimizer, Map<String, Object> arguments) {
    }

    @Provides
    @Singleton
    OptimizerChoice optimizerChoice(ZooModel model) {
        Optimizer opt = OptimizerArgs.create(s.optimizer(), model.parameters(), s.optimizerArgs());
        return new OptimizerChoice(opt, OptimizerArgs.inForce(opt));
    }

    @Provides
    @Singleton
    Optimizer optimizer(OptimizerChoice choice) {
        return choice.optimizer();
    }

    @Provides
    @Singleton
    Loaders loaders(MnistData data, Distributed d) throws IOException {
        ImageDataset train = data.train();
        ImageDataset val = null;
        if (s.valSplit() > 0) {
            ImageDataset.Split split = train.split(s.valSplit(), s.seed());
            train = split.train();
            val = split.validation();
        }
        List<Transform> t = new ArrayList<>();
        if (s.augment()) {
            t.add(new RandomRotation(10, Interpolation.BILINEAR, s.seed()));
            t.add(new RandomShift(2, s.seed()));
        }
        t.addAll(List.of(MnistData.tensorTransforms(s.mean(), s.std())));
        if (s.batchSize() % d.size() != 0) {
            throw new UsageException("--batch-size " + s.batchSize() + " is the global batch and must split evenly over the " + d.size()
                    + " ranks; give a multiple of " + d.size());
        }
        // Each rank reads its shard of the same seeded order, in its share of the global batch.
        DataLoader trainLoader = DataLoader.builder(train).batchSize(s.batchSize() / d.size()).shuffle(s.shuffle()).seed(s.seed())
                .shard(new Shard(d.rank(), d.size(), false)).transforms(t.toArray(Transform[]::new)).build();
        return new Loaders(trainLoader, val == null ? null : MnistData.evalLoader(val, EVAL_BATCH, s.mean(), s.std()),
                MnistData.evalLoader(data.test(), EVAL_BATCH, s.mean(), s.std()));
    }

    @Provides
    @Singleton
    Schedule schedule(Optimizer opt, Loaders loaders) {
        return switch (s.scheduler()) {
            case "none" -> new Schedule(null, false, null);
            case "step" -> new Schedule(new StepLR(opt, s.stepSize(), s.gamma()), false, null);
            case "multistep" -> new Schedule(new MultiStepLR(opt, s.milestones(), s.gamma()), false, null);
            case "exponential" -> new Schedule(new ExponentialLR(opt, s.gamma()), false, null);
            case "cosine" -> new Schedule(new CosineAnnealingLR(opt, s.epochs()), false, null);
            case "onecycle" -> new Schedule(OneCycleLR.builder(opt.lr()).epochs(s.epochs(), loaders.train().numBatches())
                    .build(opt), true, null);
            case "plateau" -> new Schedule(null, false, ReduceLROnPlateau.builder().factor(s.gamma()).patience(s.stepSize())
                    .build(opt));
            default -> throw new UsageException("unknown scheduler '" + s.scheduler() + "'");
        };
    }

    @Provides
    @Singleton
    List<TrainingListener> listeners(Backend backend, ZooModel model, Loaders loaders, Distributed d) {
        if (d.rank() != 0) return List.of();   // rank 0 prints and writes for the job
        Path out = s.out();
        // A run replacing another keeps its files back until its first checkpoint (see ReplacedRun).
        FileOutput files = replaced != null ? replaced : FileOutput.ATOMIC;
        List<TrainingListener> l = new ArrayList<>();
        l.add(new ConsoleProgress(io.out(), s.logEvery(), io.interactive()));
        l.add(new EpochLog(io.out(), "--max-steps"));
        if (s.plots()) l.add(new SampleImages(out.resolve("samples.png"), loaders.train(), s.mean(), s.std(), files));
        l.add(new MetricsCsv(out.resolve("metrics.csv"), files));
        l.add(new ModelFile(out.resolve("model.safetensors"), f -> ModelFiles.save(model, f, s.mean(), s.std()), files));
        if (s.plots()) {
            l.add(new CurvesPlot(out.resolve("curves.png"), files));
            l.add(new PredictionImages(out.resolve("predictions.png"), model, loaders.test(), PREDICTIONS, s.mean(), s.std(),
                    files));
        }
        if (s.memoryLogEvery() > 0) l.add(new MemoryLog(out.resolve("memory.csv"), backend, s.memoryLogEvery(), files));
        // After the files, so that metrics.json is written once everything else is in place.
        l.add(new MetricsJson(out.resolve("metrics.json"), MetricsJson.DEFAULT_WARMUP_STEPS, files));
        // Last: it hears the run's end after every file was written.
        if (replaced != null) l.add(replaced);
        return l;
    }

    @Provides
    @Singleton
    Trainer trainer(Backend backend, ZooModel model, OptimizerChoice choice, Schedule schedule, Loaders loaders,
            List<TrainingListener> listeners, Distributed d) {
        Optimizer opt = choice.optimizer();
        boolean writer = d.rank() == 0;   // evaluates, checkpoints; the other ranks only train
        Trainer.Builder b = Trainer.builder().model(s.model(), model).optimizer(opt)
                .scheduler(schedule.scheduler(), schedule.perBatch()).plateau(schedule.plateau())
                .train(loaders.train()).validation(writer ? loaders.validation() : null).test(writer ? loaders.test() : null)
                .epochs(s.epochs()).maxSteps(s.maxSteps()).seed(s.seed())
                .backendDescription(backend.description()).hyperParameters(s.asMap(choice.arguments()))
                .listeners(listeners).stopOnShutdown(true)
                .clipGradNorm(s.clipGradNorm()).checkGradients(s.checkGradients()).resume(s.resumeFrom())
                .dataParallel(d.dataParallel(model))
                // A GPU is read back every --log-every steps, when the console prints, not after each step.
                .readbackEvery(backend.asynchronous() ? s.logEvery() : 1);
        if (writer) b.checkpoints(s.checkpointFile(), s.checkpointEvery(), s.checkpointMetadata());
        if (d.enabled()) b.hyperParameters(Map.of("distributed", d.name(), "world_size", d.size()));
        return b.build();
    }
}
