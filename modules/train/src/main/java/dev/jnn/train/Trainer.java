package dev.jnn.train;

import dev.jnn.core.BackendScope;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.NoGrad;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.data.Batch;
import dev.jnn.data.DataLoader;
import dev.jnn.data.Epoch;
import dev.jnn.nn.Layer;
import dev.jnn.optim.LBFGS;
import dev.jnn.optim.Optimizer;
import dev.jnn.optim.lr.LRScheduler;
import dev.jnn.optim.lr.ReduceLROnPlateau;
import dev.jnn.train.internal.StepReadback;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The training loop of the seeds, usable from Java code:
 *
 * <pre>{@code
 * RunResult r = Trainer.builder()
 *         .model("cnn", model).loss(Loss.crossEntropy()).optimizer(optimizer)
 *         .scheduler(new StepLR(optimizer, 5, 0.1), false)
 *         .train(trainLoader).validation(valLoader).test(testLoader)
 *         .epochs(10).maxSteps(0).listeners(new ConsoleProgress(System.out, 100))
 *         .build().fit();
 * }</pre>
 *
 * <p>Each step runs inside a {@link MemoryScope}, so its activations, gradients of intermediates
 * and other temporaries are freed when it ends; evaluation runs under {@link NoGrad}. After each
 * epoch the validation and test loaders (when given) are evaluated, the scheduler steps (per epoch,
 * per batch for schedules such as OneCycleLR, or with the validation loss for
 * {@link ReduceLROnPlateau}), and listeners hear the epoch's {@link EpochMetrics}.
 *
 * <p>A NaN or infinite loss ends the run: listeners hear {@link StopReason#DIVERGED}, then
 * {@link TrainingDivergedException} names the step and the last finite loss. {@link #requestStop()}
 * (from another thread, or a shutdown hook with {@link Builder#stopOnShutdown}) ends the run after
 * the current step, and listeners still hear what was done. Batches become tensors on the backend
 * of the model's parameters ({@link Trainable#backend()}). With {@link Builder#dataParallel} the
 * trainer is one rank of a data-parallel job: see {@link DataParallel} for where the ranks agree.
 */
public final class Trainer {
    private final Builder cfg;
    private final List<TrainingListener> listeners;
    private volatile boolean stopRequested;

    private Trainer(Builder b) {
        this.cfg = b;
        this.listeners = List.copyOf(b.listeners);
    }

    /** A builder; model, optimizer and training loader are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Asks the run to end after the current step; safe from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Trains for the configured epochs (or until the step limit, a stop request, or divergence).
     *
     * @throws TrainingDivergedException when the loss becomes NaN or infinite
     */
    public RunResult fit() {
        RunInfo run = runInfo();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = cfg.stopOnShutdown ? shutdownHook(finished) : null;
        if (hook != null) Runtime.getRuntime().addShutdownHook(hook);
        // Batches become tensors on the model's backend (Batch.images() takes the scope's backend
        // when its loader names none); listeners that run the model (predictions) use it too.
        try (BackendScope on = BackendScope.use(cfg.model.backend())) {
            for (TrainingListener l : listeners) l.onStart(run);
            return new Loop(run).run();
        } finally {
            finished.countDown();
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The JVM is already running the hook; it waits for `finished`, counted down above.
                }
            }
        }
    }

    /** A hook that stops the run on Ctrl-C and lets it finish writing its files (at most 60 s). */
    private Thread shutdownHook(CountDownLatch finished) {
        return new Thread(() -> {
            requestStop();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jnn-trainer-shutdown");
    }

    private RunInfo runInfo() {
        DataLoader tl = cfg.trainLoader;
        int batches = tl.numBatches();
        // With data parallelism the loader reads one shard in batches of a 1/worldSize share: report the global batch.
        int batch = tl.batchSize() * worldSize();
        return new RunInfo(cfg.modelName, cfg.backendDescription, cfg.epochs, batches, batch,
                (int) Math.min(tl.dataset().size(), (long) batches * batch), cfg.maxSteps, cfg.seed, cfg.hyperParameters);
    }

    private int worldSize() {
        return cfg.dataParallel == null ? 1 : cfg.dataParallel.worldSize();
    }

    /**
     * Loss and accuracy of {@code model} over every batch of {@code loader}, in evaluation mode and
     * without a graph. The model is left in evaluation mode.
     */
    public static Evaluation evaluate(Trainable model, Loss loss, DataLoader loader) {
        model.train(false);
        double lossSum = 0;
        long correct = 0;
        int n = 0;
        try (NoGrad ignored = NoGrad.enter(); BackendScope on = BackendScope.use(model.backend());
             Epoch epoch = loader.epoch(0)) {
            for (Batch b : epoch) {   // each batch's tensors are freed when the next is read
                Tensor x = b.images();
                Tensor y = b.labels();
                b.release();
                Tensor out = model.forward(x);
                lossSum += (double) loss.compute(out, y).item() * y.size(0);
                correct += countCorrect(out, y);
                n += y.size(0);
            }
        }
        return n == 0 ? Evaluation.NONE : new Evaluation(lossSum / n, (double) correct / n, n);
    }

    /**
     * Cross-entropy loss and accuracy of a classifier over every batch of {@code loader}, like a
     * PyTorch test loop: {@code evaluate(Trainable.of(model), Loss.crossEntropy(), loader)}.
     */
    public static Evaluation evaluate(Layer model, DataLoader loader) {
        return evaluate(Trainable.of(model), Loss.crossEntropy(), loader);
    }

    /** The arg-max class of each row of {@code output} for the batch {@code b}, in evaluation mode. */
    public static int[] predict(Trainable model, Batch b) {
        model.train(false);
        try (NoGrad ignored = NoGrad.enter(); MemoryScope scope = MemoryScope.open()) {
            Tensor x = Tensor.of(model.backend(), b.imageArray(), Shape.of(b.size(), b.channels(), b.height(), b.width()));
            float[] idx = model.forward(x).argmax(1).toFloatArray();
            int[] out = new int[idx.length];
            for (int i = 0; i < idx.length; i++) out[i] = (int) idx[i];
            return out;
        }
    }


    private static long countCorrect(Tensor output, Tensor targets) {
        try (NoGrad ignored = NoGrad.enter()) {
            return Math.round(output.argmax(1).eq(targets).sum().item());
        }
    }

    /** The open epoch's accumulators. */
    private static final class Totals {
        double lr;
        double lossSum;
        long correct;
        int samples;
        long steps;
        long trainNanos;
        /** When the epoch started, less the training time of a resumed epoch's earlier part. */
        long start;

        Totals(double lr) {
            this.lr = lr;
        }
    }

    /** One fit(): the mutable state of a run. */
    private final class Loop {
        private final RunInfo run;
        private final List<EpochMetrics> done = new ArrayList<>();
        private long step;
        private long samplesTotal;
        private double secondsTotal;
        private double lastGoodLoss = Double.NaN;
        private long lastGoodStep;
        /** The checkpoint the first epoch continues from, consumed by it; null for a fresh run. */
        private Checkpoint resumeFrom = cfg.resume;
        private long lastCheckpointStep = -1;
        /** Set by a step whose gradients are not finite (that step's update is skipped). */
        private String gradientProblem;
        /** The queued steps' losses and correct counts, and their batch, size and time on the host. */
        private final StepReadback readback = new StepReadback(cfg.readbackEvery);
        private final int[] pendingBatch = new int[cfg.readbackEvery];
        private final int[] pendingSize = new int[cfg.readbackEvery];
        private final long[] pendingNanos = new long[cfg.readbackEvery];

        Loop(RunInfo run) {
            this.run = run;
        }

        RunResult run() {
            StopReason reason = StopReason.COMPLETED;
            int first = 0;
            if (resumeFrom != null) {
                first = restore(resumeFrom);
                for (TrainingListener l : listeners) l.onResume(run, List.copyOf(done), step);
                if (cfg.maxSteps > 0 && step >= cfg.maxSteps) return end(StopReason.MAX_STEPS);
            }
            try {
                for (int e = first; e < cfg.epochs && reason == StopReason.COMPLETED; e++) {
                    reason = epoch(e);
                }
            } catch (CheckpointException failed) {
                try {
                    end(StopReason.INTERRUPTED);
                } catch (RuntimeException alsoFailed) {
                    failed.addSuppressed(alsoFailed);
                }
                throw failed;
            }
            return end(reason);
        }

        /** Puts the model, optimizer, schedulers, generators and counters back as {@code c} saved them; returns its epoch. */
        private int restore(Checkpoint c) {
            Checkpoints.loadModel(cfg.model, c);
            Checkpoints.loadState("optimizer", cfg.optimizer == null ? null : cfg.optimizer::loadStateDict, c.optimizer());
            Checkpoints.loadState("scheduler", cfg.scheduler == null ? null : cfg.scheduler::loadStateDict, c.scheduler());
            Checkpoints.loadState("plateau scheduler", cfg.plateau == null ? null : cfg.plateau::loadStateDict, c.plateau());
            Checkpoints.loadGenerators(cfg.model, c);
            step = c.step();
            done.addAll(c.history());
            secondsTotal = c.progress().secondsTotal();
            samplesTotal = c.progress().samplesTotal();
            lastGoodLoss = c.progress().lastGoodLoss();
            lastGoodStep = c.progress().lastGoodStep();
            lastCheckpointStep = c.step();
            return c.epoch();
        }

        /** Saves the run's state, continuing at batch {@code nextBatch} of epoch {@code epoch}. */
        private void checkpoint(int epoch, int nextBatch, Checkpoint.Progress progress) {
            Checkpoint c = new Checkpoint(step, epoch, nextBatch, progress, done, Checkpoints.modelState(cfg.model),
                    cfg.optimizer.stateDict(), cfg.scheduler == null ? null : cfg.scheduler.stateDict(),
                    cfg.plateau == null ? null : cfg.plateau.stateDict(), Checkpoints.generatorStates(cfg.model),
                    cfg.checkpointMetadata);
            Checkpoints.write(c, cfg.checkpointFile, lastCheckpointStep);
            lastCheckpointStep = step;
            for (TrainingListener l : listeners) l.onCheckpoint(run, step, cfg.checkpointFile);
        }

        /** The open epoch's accumulators (as given) and the run's counters, for a checkpoint. */
        private Checkpoint.Progress progress(double epochLr, double lossSum, long correct, int samples, long steps,
                long trainNanos) {
            return new Checkpoint.Progress(epochLr, lossSum, correct, samples, steps, trainNanos, lastGoodLoss, lastGoodStep,
                    secondsTotal, samplesTotal);
        }

        /** Trains one epoch, evaluates, steps the scheduler; returns COMPLETED to go on. */
        private StopReason epoch(int e) {
            Totals t = new Totals(cfg.optimizer.lr());
            int startBatch = 0;
            if (resumeFrom != null) {
                Checkpoint.Progress p = resumeFrom.progress();
                t.lr = p.epochLr();
                t.lossSum = p.lossSum();
                t.correct = p.correct();
                t.samples = p.samples();
                t.steps = p.steps();
                t.trainNanos = p.trainNanos();
                startBatch = resumeFrom.nextBatch();
                resumeFrom = null;
            }
            t.start = System.nanoTime() - t.trainNanos;
            StopReason reason = StopReason.COMPLETED;
            cfg.model.train(true);
            try (Epoch epoch = cfg.trainLoader.epoch(e, startBatch)) {
                int batches = cfg.trainLoader.numBatches();
                for (Batch b : epoch) {
                    if (stopNow()) {
                        reason = StopReason.INTERRUPTED;
                        if (readback.pending() > 0) settle(e, batches, t);
                        if (cfg.checkpointFile != null && t.steps > 0) checkpoint(e, b.index(), progress(t));
                        break;
                    }
                    int slot = readback.pending();
                    long s0 = System.nanoTime();
                    trainStep(b);
                    pendingBatch[slot] = b.index();
                    pendingSize[slot] = b.size();
                    pendingNanos[slot] = System.nanoTime() - s0;
                    step++;
                    if (cfg.scheduler != null && cfg.schedulerPerBatch) cfg.scheduler.step();
                    boolean last = b.index() + 1 >= batches;
                    // Every N steps, but not on the epoch's last batch: the end-of-epoch checkpoint follows.
                    boolean checkpointDue = cfg.checkpointEvery > 0 && step % cfg.checkpointEvery == 0 && !last;
                    boolean stepLimit = cfg.maxSteps > 0 && step >= cfg.maxSteps;
                    // A stop request is settled at the top of the next iteration, before its checkpoint.
                    if (readback.full() || last || checkpointDue || stepLimit || gradientProblem != null) {
                        settle(e, batches, t);
                    }
                    if (checkpointDue) checkpoint(e, b.index() + 1, progress(t));
                    if (stepLimit) {
                        reason = StopReason.MAX_STEPS;
                        if (cfg.checkpointFile != null && !last && lastCheckpointStep != step) {
                            checkpoint(e, b.index() + 1, progress(t));
                        }
                        break;
                    }
                }
                // The loop ends after a settled step, unless the loader gave fewer batches than it said.
                if (readback.pending() > 0) settle(e, batches, t);
            }
            if (t.steps == 0) return reason;
            double seconds = t.trainNanos / 1e9;
            secondsTotal += seconds;
            Evaluation train = trainEvaluation(t);
            samplesTotal += train.samples();
            boolean evaluate = reason != StopReason.INTERRUPTED;
            Evaluation val = evaluate && cfg.valLoader != null ? evaluate(cfg.model, cfg.loss, cfg.valLoader) : Evaluation.NONE;
            Evaluation test = evaluate && cfg.testLoader != null ? evaluate(cfg.model, cfg.loss, cfg.testLoader) : Evaluation.NONE;
            EpochMetrics m = new EpochMetrics(e, t.steps, train, val, test, t.lr, seconds, train.samples() / Math.max(1e-9, seconds));
            done.add(m);
            if (cfg.scheduler != null && !cfg.schedulerPerBatch) cfg.scheduler.step();
            if (cfg.plateau != null) cfg.plateau.step(fromRank0(val.present() ? val.loss() : train.loss()));
            for (TrainingListener l : listeners) l.onEpoch(run, m);
            // Only a finished epoch continues with the next one; a stop mid-epoch saved its position above.
            if (cfg.checkpointFile != null && lastCheckpointStep != step) {
                checkpoint(e + 1, 0, progress(cfg.optimizer.lr(), 0, 0, 0, 0, 0));
            }
            return reason;
        }

        /**
         * Whether to stop before the next step: this process was asked to, or with data parallelism
         * any rank was (a collective each step, so that every rank stops after the same one).
         */
        private boolean stopNow() {
            if (cfg.dataParallel == null) return stopRequested;
            double[] flag = {stopRequested ? 1 : 0};
            cfg.dataParallel.sum(flag);
            return flag[0] > 0;
        }

        /**
         * The epoch's training loss and accuracy, over every rank's shard with data parallelism. (An
         * epoch resumed mid-way counts rank 0's saved totals for each rank's part before the resume.)
         */
        private Evaluation trainEvaluation(Totals t) {
            double[] v = {t.lossSum, t.correct, t.samples};
            if (cfg.dataParallel != null) cfg.dataParallel.sum(v);
            return new Evaluation(v[0] / v[2], v[1] / v[2], (int) v[2]);
        }

        /** {@code value} as rank 0 has it, on every rank (what a plateau scheduler steps with must agree). */
        private double fromRank0(double value) {
            if (cfg.dataParallel == null) return value;
            double[] v = {cfg.dataParallel.rank() == 0 ? value : 0};
            cfg.dataParallel.sum(v);
            return v[0];
        }

        /**
         * Reads back the steps queued since the last read (one wait for the backend, whose time
         * counts to the last of them), then accounts for each in order: divergence check, the
         * epoch's sums, and the listeners' step events.
         */
        private void settle(int e, int batches, Totals t) {
            int k = readback.pending();
            long r0 = System.nanoTime();
            float[][] values = readback.read();
            pendingNanos[k - 1] += System.nanoTime() - r0;
            long firstStep = step - k + 1;
            for (int i = 0; i < k; i++) {
                int n = pendingSize[i];
                t.trainNanos += pendingNanos[i];
                t.steps++;
                double loss = values[0][i];
                String problem = !Double.isFinite(loss) ? "the loss became " + (Double.isNaN(loss) ? "NaN" : "infinite")
                        : i == k - 1 ? gradientProblem : null;
                if (problem != null) {
                    step = firstStep + i;   // the run's count as it was after this step
                    diverge(e, pendingBatch[i], problem, t.lr, t.lossSum, t.correct, t.samples, t.steps, t.trainNanos);
                }
                lastGoodLoss = loss;
                lastGoodStep = firstStep + i;
                t.lossSum += loss * n;
                t.correct += Math.round(values[1][i]);
                t.samples += n;
                // Every rank reads an equal shard in equal batches: the job's rate is this rank's times the world size.
                double sps = (double) worldSize() * t.samples / Math.max(1e-9, (System.nanoTime() - t.start) / 1e9);
                StepEvent ev = new StepEvent(e, pendingBatch[i], batches, firstStep + i, n, loss, t.lossSum / t.samples, sps,
                        t.lr, pendingNanos[i] / 1e9);
                for (TrainingListener l : listeners) l.onStep(ev);
            }
        }

        /** The open epoch's accumulators and the run's counters, for a checkpoint. */
        private Checkpoint.Progress progress(Totals t) {
            return progress(t.lr, t.lossSum, t.correct, t.samples, t.steps, t.trainNanos);
        }

        /** One optimizer step on {@code b}, its loss and correct count left in {@link #readback}. */
        private void trainStep(Batch b) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor x = b.images();
                Tensor y = b.labels();
                b.release();
                Tensor[] output = new Tensor[1];
                Tensor loss;
                if (cfg.optimizer instanceof LBFGS) {
                    // LBFGS re-evaluates the loss several times per step; the first evaluation is the
                    // loss at the step's starting point, as PyTorch's step(closure) returns.
                    loss = cfg.optimizer.step(() -> {
                        cfg.optimizer.zeroGrad();
                        Tensor out = cfg.model.forward(x);
                        if (output[0] == null) output[0] = out;
                        Tensor l = cfg.loss.compute(out, y);
                        l.backward();
                        if (cfg.dataParallel == null) return l;
                        cfg.dataParallel.awaitGradients();
                        // LBFGS decides on the loss (line search, tolerance): every rank must see the same one.
                        double[] mean = {l.item()};
                        cfg.dataParallel.sum(mean);
                        return Tensor.full(l.backend(), l.shape(), (float) (mean[0] / cfg.dataParallel.worldSize()));
                    });
                } else {
                    cfg.optimizer.zeroGrad();
                    output[0] = cfg.model.forward(x);
                    loss = cfg.loss.compute(output[0], y);
                    loss.backward();
                    if (cfg.dataParallel != null) cfg.dataParallel.awaitGradients();
                    // Checking the gradients reads the loss back every step: the user asked for it.
                    if ((cfg.checkGradients || cfg.clipGradNorm > 0) && Float.isFinite(loss.item())) {
                        gradientProblem = Gradients.checkAndClip(cfg.model, cfg.clipGradNorm);
                    }
                    if (gradientProblem == null) cfg.optimizer.step();
                }
                readback.record(loss, output[0], y);
            }
        }

        private void diverge(int epoch, int batch, String what, double lr, double lossSum, long correct, int samples,
                long steps, long trainNanos) {
            double seconds = trainNanos / 1e9;
            secondsTotal += seconds;
            samplesTotal += samples;
            if (samples > 0) {
                Evaluation train = new Evaluation(lossSum / samples, (double) correct / samples, samples);
                done.add(new EpochMetrics(epoch, steps - 1, train, Evaluation.NONE, Evaluation.NONE, lr, seconds,
                        samples / Math.max(1e-9, seconds)));
            }
            step--;  // the diverged step's update is not counted as done
            end(StopReason.DIVERGED);
            String last = Double.isNaN(lastGoodLoss) ? "no step had a finite loss"
                    : String.format(java.util.Locale.ROOT, "the last finite loss was %.6g at step %d", lastGoodLoss, lastGoodStep);
            throw new TrainingDivergedException(String.format(java.util.Locale.ROOT,
                    "training diverged: %s at step %d (epoch %d, batch %d); %s", what, step + 1, epoch + 1, batch + 1, last),
                    "Try a lower learning rate or gradient clipping (clipGradNorm)");
        }

        private RunResult end(StopReason reason) {
            Evaluation test = Evaluation.NONE;
            for (EpochMetrics m : done) {
                if (m.test().present()) test = m.test();
            }
            RunResult result = new RunResult(reason, done, step, secondsTotal,
                    samplesTotal / Math.max(1e-9, secondsTotal), test);
            RuntimeException first = null;
            for (TrainingListener l : listeners) {
                try {
                    l.onEnd(run, result);
                } catch (RuntimeException ex) {
                    // Every listener gets to finish (close files, bars) even if one fails.
                    if (first == null) first = ex;
                }
            }
            if (first != null) throw first;
            return result;
        }
    }

    /** Settings of a {@link Trainer}. */
    public static final class Builder {
        private Trainable model;
        private String modelName = "model";
        private String backendDescription = "";
        private Loss loss = Loss.crossEntropy();
        private Optimizer optimizer;
        private LRScheduler scheduler;
        private boolean schedulerPerBatch;
        private ReduceLROnPlateau plateau;
        private DataLoader trainLoader;
        private DataLoader valLoader;
        private DataLoader testLoader;
        private int epochs = 1;
        private long maxSteps;
        private long seed;
        private boolean stopOnShutdown;
        private java.nio.file.Path checkpointFile;
        private long checkpointEvery;
        private Map<String, String> checkpointMetadata = Map.of();
        private Checkpoint resume;
        private double clipGradNorm;
        private boolean checkGradients;
        private int readbackEvery = 1;
        private DataParallel dataParallel;
        private final Map<String, Object> hyperParameters = new LinkedHashMap<>();
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** The model to train and its name for logs and files. */
        public Builder model(String name, Trainable model) {
            this.modelName = Objects.requireNonNull(name, "name");
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** The backend's one-line description, for logs and metrics. */
        public Builder backendDescription(String description) {
            this.backendDescription = Objects.requireNonNull(description, "description");
            return this;
        }

        /** The loss; cross-entropy by default. */
        public Builder loss(Loss loss) {
            this.loss = Objects.requireNonNull(loss, "loss");
            return this;
        }

        /** The optimizer over the model's parameters. */
        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** A scheduler stepped after each epoch, or after each batch when {@code perBatch} (OneCycleLR). */
        public Builder scheduler(LRScheduler scheduler, boolean perBatch) {
            this.scheduler = scheduler;
            this.schedulerPerBatch = perBatch;
            return this;
        }

        /** A ReduceLROnPlateau stepped after each epoch with the validation loss (the training loss without one). */
        public Builder plateau(ReduceLROnPlateau plateau) {
            this.plateau = plateau;
            return this;
        }

        /** The training data. */
        public Builder train(DataLoader loader) {
            this.trainLoader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /** Validation data evaluated after each epoch; null for none. */
        public Builder validation(DataLoader loader) {
            this.valLoader = loader;
            return this;
        }

        /** Test data evaluated after each epoch; null for none. */
        public Builder test(DataLoader loader) {
            this.testLoader = loader;
            return this;
        }

        /** Epochs to train, at least 1. */
        public Builder epochs(int epochs) {
            if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            this.epochs = epochs;
            return this;
        }

        /** Stop after this many steps in all (0: no limit). */
        public Builder maxSteps(long maxSteps) {
            if (maxSteps < 0) throw new IllegalArgumentException("max steps must be 0 (no limit) or more, got " + maxSteps);
            this.maxSteps = maxSteps;
            return this;
        }

        /** The run's seed, recorded in the metrics (seeding itself is the caller's). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Settings to record with the metrics, by name. */
        public Builder hyperParameters(Map<String, ?> values) {
            hyperParameters.putAll(values);
            return this;
        }

        /** Listeners, called in this order. */
        public Builder listeners(TrainingListener... ls) {
            listeners.addAll(List.of(ls));
            return this;
        }

        /** Listeners, called in this order. */
        public Builder listeners(List<? extends TrainingListener> ls) {
            listeners.addAll(ls);
            return this;
        }

        /** Whether Ctrl-C (JVM shutdown) stops the run after the current step and waits for listeners. */
        public Builder stopOnShutdown(boolean on) {
            this.stopOnShutdown = on;
            return this;
        }

        /**
         * Writes a {@link Checkpoint} to {@code file} after every epoch and, when {@code everySteps}
         * is positive, every that many steps (and when a stop is requested mid-epoch).
         *
         * @param metadata what the application needs to rebuild the run (stored as text)
         */
        public Builder checkpoints(java.nio.file.Path file, long everySteps, Map<String, String> metadata) {
            if (everySteps < 0) throw new IllegalArgumentException("checkpoint interval must be 0 (epochs only) or more, got " + everySteps);
            this.checkpointFile = Objects.requireNonNull(file, "file");
            this.checkpointEvery = everySteps;
            this.checkpointMetadata = Map.copyOf(metadata);
            return this;
        }

        /**
         * Continues the run that wrote {@code checkpoint}: the model, optimizer and schedulers given
         * here are built as for the original run, then get the saved state.
         */
        public Builder resume(Checkpoint checkpoint) {
            this.resume = checkpoint;
            return this;
        }

        /**
         * Scales the gradients after each backward pass so that their total L2 norm is at most
         * {@code maxNorm}, like PyTorch's {@code clip_grad_norm_} (0: no clipping).
         */
        public Builder clipGradNorm(double maxNorm) {
            if (!(maxNorm >= 0) || Double.isInfinite(maxNorm)) {
                throw new IllegalArgumentException("gradient clipping norm must be 0 (off) or a positive number, got " + maxNorm);
            }
            this.clipGradNorm = maxNorm;
            return this;
        }

        /**
         * Checks after every backward pass that each gradient is finite, stopping the run with the
         * step and the parameter's name otherwise (always done when clipping, which needs the norms
         * anyway). Off by default, like PyTorch's anomaly detection: it costs a reduction per
         * parameter each step (7% of an mlp step on vector, 4x on onednn, measured).
         */
        public Builder checkGradients(boolean on) {
            this.checkGradients = on;
            return this;
        }

        /**
         * Reads the steps' losses back from the backend every {@code steps} steps (and at each epoch's
         * end, checkpoint, step limit and stop) instead of after each step (1, the default). For a
         * backend that queues work (a GPU) this keeps it busy: it is not made to finish one step
         * before the host queues the next. Listeners still hear every step, with its own loss, only
         * later; a NaN loss still stops the run naming its step, up to {@code steps - 1} steps later.
         */
        public Builder readbackEvery(int steps) {
            if (steps < 1) throw new IllegalArgumentException("readback interval must be at least 1, got " + steps);
            this.readbackEvery = steps;
            return this;
        }

        /**
         * Makes this trainer one rank of a data-parallel job (null: a single process). The training
         * loader must read this rank's shard; give validation, test data, listeners and checkpoints
         * to rank 0 only.
         */
        public Builder dataParallel(DataParallel dp) {
            this.dataParallel = dp;
            return this;
        }

        /** The trainer. */
        public Trainer build() {
            if (model == null) throw new IllegalStateException("Trainer: no model given");
            if (optimizer == null) throw new IllegalStateException("Trainer: no optimizer given");
            if (trainLoader == null) throw new IllegalStateException("Trainer: no training data given");
            return new Trainer(this);
        }
    }
}
