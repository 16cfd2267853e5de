package dev.jnn.train;

import dev.jnn.core.Generator;
import dev.jnn.nn.safetensors.DType;
import dev.jnn.nn.safetensors.RawTensor;
import dev.jnn.nn.safetensors.SafeTensorsFile;
import dev.jnn.optim.StateDict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a stopped run needs to continue as if it had never stopped: the model's parameters and
 * buffers, the optimizer's, scheduler's and plateau scheduler's state, the position in the training
 * data (epoch and next batch; the shuffle order is a function of the loader's seed and the epoch),
 * the random generators' states (the default one, and each dropout layer's), the accumulators of the epoch in progress and the
 * metrics of the epochs done.
 *
 * <p>Stored as one safetensors file, written atomically (temporary file, fsync, rename, fsync of the
 * folder), so a crash leaves either the previous checkpoint or the new one:
 * <ul>
 *   <li>{@code model/<name>}: F32, the parameter's or buffer's shape;</li>
 *   <li>{@code optimizer/<name>}, {@code scheduler/<name>}, {@code plateau/<name>}: F32 tensors of
 *       the state dicts, and {@code <part>#/<name>}: their numbers as F64 scalars;</li>
 *   <li>{@code trainer/<field>}: the loop's counters (F64 scalars); {@code generator/<name>}: I64
 *       [seed, position, bits of the spare normal, has spare] of the default generator ({@code global})
 *       and of each module's own (dropout masks);</li>
 *   <li>{@code history/<field>}: F64 vectors, one entry per finished epoch;</li>
 *   <li>metadata: {@code format = jnn-checkpoint-1}, {@code crc32c}: a checksum of every tensor (name,
 *       type, shape and bytes, in name order), plus what the application adds (its settings).</li>
 * </ul>
 * Reading checks the checksum (when there is one: older files have none), so a damaged file is refused rather than resumed with wrong numbers
 * (safetensors itself has no checksum: a flipped bit in the data would read as a valid number).
 * Numbers are stored exactly (F64 holds every float, and every count below 2<sup>53</sup>).
 */
public final class Checkpoint {
    /** The metadata value of {@code format} this version writes and reads. */
    public static final String FORMAT = "jnn-checkpoint-1";
    /** The metadata key of the tensors' checksum. */
    static final String CRC = "crc32c";

    /**
     * The state of the loop inside the epoch being trained.
     *
     * @param epochLr      the learning rate at the epoch's start (reported with its metrics)
     * @param lossSum      sum of loss × batch size over the epoch's steps so far
     * @param correct      correct predictions so far in the epoch
     * @param samples      samples trained so far in the epoch
     * @param steps        steps done so far in the epoch
     * @param trainNanos   time spent in those steps
     * @param lastGoodLoss the last finite loss (NaN before the first step)
     * @param lastGoodStep its step
     * @param secondsTotal training seconds of the finished epochs
     * @param samplesTotal samples of the finished epochs
     */
    record Progress(double epochLr, double lossSum, long correct, int samples, long steps, long trainNanos,
            double lastGoodLoss, long lastGoodStep, double secondsTotal, long samplesTotal) {
    }

    private static final String[] HISTORY = {"epoch", "steps", "train_loss", "train_acc", "train_n", "val_loss", "val_acc",
            "val_n", "test_loss", "test_acc", "test_n", "lr", "seconds", "samples_per_second"};

    private final long step;
    private final int epoch;
    private final int nextBatch;
    private final Progress progress;
    private final List<EpochMetrics> history;
    private final Map<String, RawTensor> model;
    private final StateDict optimizer;
    private final StateDict scheduler;
    private final StateDict plateau;
    private final Map<String, Generator.State> generators;
    private final Map<String, String> metadata;

    Checkpoint(long step, int epoch, int nextBatch, Progress progress, List<EpochMetrics> history,
            Map<String, RawTensor> model, StateDict optimizer, StateDict scheduler, StateDict plateau,
            Map<String, Generator.State> generators, Map<String, String> metadata) {
        this.step = step;
        this.epoch = epoch;
        this.nextBatch = nextBatch;
        this.progress = progress;
        this.history = List.copyOf(history);
        this.model = new LinkedHashMap<>(model);
        this.optimizer = optimizer;
        this.scheduler = scheduler;
        this.plateau = plateau;
        this.generators = new LinkedHashMap<>(generators);
        this.metadata = Map.copyOf(metadata);
    }

    /** Steps done when it was written. */
    public long step() {
        return step;
    }

    /** The epoch (from 0) the run continues in. */
    public int epoch() {
        return epoch;
    }

    /** The batch (from 0) of that epoch the run continues with. */
    public int nextBatch() {
        return nextBatch;
    }

    /** The metrics of the epochs finished before it was written. */
    public List<EpochMetrics> history() {
        return history;
    }

    /** The application's metadata (for jnn's CLI: the run's command line). */
    public Map<String, String> metadata() {
        return metadata;
    }

    Progress progress() {
        return progress;
    }

    Map<String, RawTensor> model() {
        return model;
    }

    StateDict optimizer() {
        return optimizer;
    }

    StateDict scheduler() {
        return scheduler;
    }

    StateDict plateau() {
        return plateau;
    }

    Map<String, Generator.State> generators() {
        return generators;
    }

    /** Writes it to {@code file} atomically; on failure the previous file there is unchanged. */
    void write(Path file) throws IOException {
        Map<String, RawTensor> t = new LinkedHashMap<>();
        model.forEach((name, raw) -> t.put("model/" + name, raw));
        putState(t, "optimizer", optimizer);
        putState(t, "scheduler", scheduler);
        putState(t, "plateau", plateau);
        putScalar(t, "trainer/step", step);
        putScalar(t, "trainer/epoch", epoch);
        putScalar(t, "trainer/next_batch", nextBatch);
        putScalar(t, "trainer/epoch_lr", progress.epochLr());
        putScalar(t, "trainer/loss_sum", progress.lossSum());
        putScalar(t, "trainer/correct", progress.correct());
        putScalar(t, "trainer/samples", progress.samples());
        putScalar(t, "trainer/steps", progress.steps());
        putScalar(t, "trainer/train_nanos", progress.trainNanos());
        putScalar(t, "trainer/last_good_loss", progress.lastGoodLoss());
        putScalar(t, "trainer/last_good_step", progress.lastGoodStep());
        putScalar(t, "trainer/seconds_total", progress.secondsTotal());
        putScalar(t, "trainer/samples_total", progress.samplesTotal());
        generators.forEach((name, g) -> t.put("generator/" + name, RawTensor.ofLongs(new long[] {4}, g.seed(), g.position(),
                Double.doubleToRawLongBits(g.spareNormal()), g.hasSpare() ? 1 : 0)));
        for (int f = 0; f < HISTORY.length; f++) {
            double[] column = new double[history.size()];
            for (int e = 0; e < column.length; e++) column[e] = historyField(history.get(e), f);
            t.put("history/" + HISTORY[f], RawTensor.ofDoubles(new long[] {column.length}, column));
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("format", FORMAT);
        meta.put(CRC, checksum(t));
        SafeTensorsFile.write(file, t, meta);
    }

    /**
     * Reads a checkpoint written by {@link Trainer}.
     *
     * @throws CheckpointException naming the file and what is wrong with it
     */
    public static Checkpoint read(Path file) {
        SafeTensorsFile f;
        try {
            f = SafeTensorsFile.read(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CheckpointException("no checkpoint " + file + ": the run folder has none (was it trained with "
                    + "checkpoints, and is it the right folder?)");
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException("cannot read checkpoint " + file + ": " + e.getMessage());
        }
        if (!FORMAT.equals(f.metadata().get("format"))) {
            throw new CheckpointException("checkpoint " + file + " is not a " + FORMAT + " file (format: "
                    + f.metadata().get("format") + ")");
        }
        String saved = f.metadata().get(CRC);
        // Checkpoints written before the checksum was added have none; they are read as before.
        if (saved != null && !saved.equals(checksum(f.tensors()))) {
            throw new CheckpointException("checkpoint " + file + " is damaged: its content does not match the checksum"
                    + " saved with it");
        }
        try {
            Map<String, RawTensor> t = f.tensors();
            Map<String, RawTensor> model = new LinkedHashMap<>();
            t.forEach((name, raw) -> {
                if (name.startsWith("model/")) model.put(name.substring("model/".length()), raw);
            });
            List<EpochMetrics> history = new ArrayList<>();
            double[][] cols = new double[HISTORY.length][];
            for (int c = 0; c < HISTORY.length; c++) cols[c] = f.tensor("history/" + HISTORY[c]).toDoubleArray();
            for (int e = 0; e < cols[0].length; e++) {
                history.add(new EpochMetrics((int) cols[0][e], (long) cols[1][e],
                        new Evaluation(cols[2][e], cols[3][e], (int) cols[4][e]),
                        new Evaluation(cols[5][e], cols[6][e], (int) cols[7][e]),
                        new Evaluation(cols[8][e], cols[9][e], (int) cols[10][e]), cols[11][e], cols[12][e], cols[13][e]));
            }
            Progress p = new Progress(scalar(f, "trainer/epoch_lr"), scalar(f, "trainer/loss_sum"),
                    (long) scalar(f, "trainer/correct"), (int) scalar(f, "trainer/samples"), (long) scalar(f, "trainer/steps"),
                    (long) scalar(f, "trainer/train_nanos"), scalar(f, "trainer/last_good_loss"),
                    (long) scalar(f, "trainer/last_good_step"), scalar(f, "trainer/seconds_total"),
                    (long) scalar(f, "trainer/samples_total"));
            Map<String, Generator.State> g = new LinkedHashMap<>();
            t.forEach((name, raw) -> {
                if (!name.startsWith("generator/")) return;
                long[] v = raw.toLongArray();
                if (v.length != 4) throw new IllegalArgumentException(name + " does not hold 4 numbers");
                g.put(name.substring("generator/".length()),
                        new Generator.State(v[0], v[1], Double.longBitsToDouble(v[2]), v[3] != 0));
            });
            Map<String, String> meta = new LinkedHashMap<>(f.metadata());
            meta.remove("format");
            meta.remove(CRC);
            return new Checkpoint((long) scalar(f, "trainer/step"), (int) scalar(f, "trainer/epoch"),
                    (int) scalar(f, "trainer/next_batch"), p, history, model, state(t, "optimizer"), state(t, "scheduler"),
                    state(t, "plateau"), g, meta);
        } catch (RuntimeException e) {
            throw new CheckpointException("checkpoint " + file + " is damaged or incomplete: " + e.getMessage());
        }
    }

    /** CRC32C of every tensor's name, type, shape and bytes, in name order (so the file's order does not matter). */
    private static String checksum(Map<String, RawTensor> tensors) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        for (String name : new java.util.TreeSet<>(tensors.keySet())) {
            RawTensor t = tensors.get(name);
            crc.update((name + "|" + t.dtype() + "|" + java.util.Arrays.toString(t.shape()) + "|")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            crc.update(t.data());
        }
        return String.format(java.util.Locale.ROOT, "%08x", crc.getValue());
    }

    private static double historyField(EpochMetrics m, int field) {
        return switch (field) {
            case 0 -> m.epoch();
            case 1 -> m.steps();
            case 2 -> m.train().loss();
            case 3 -> m.train().accuracy();
            case 4 -> m.train().samples();
            case 5 -> m.validation().loss();
            case 6 -> m.validation().accuracy();
            case 7 -> m.validation().samples();
            case 8 -> m.test().loss();
            case 9 -> m.test().accuracy();
            case 10 -> m.test().samples();
            case 11 -> m.lr();
            case 12 -> m.seconds();
            default -> m.samplesPerSecond();
        };
    }

    private static void putScalar(Map<String, RawTensor> t, String name, double value) {
        t.put(name, RawTensor.ofDoubles(new long[0], value));
    }

    private static double scalar(SafeTensorsFile f, String name) {
        RawTensor r = f.tensor(name);
        if (r.dtype() != DType.F64 || r.elementCount() != 1) throw new IllegalArgumentException(name + " is not an F64 scalar");
        return r.toDoubleArray()[0];
    }

    private static void putState(Map<String, RawTensor> t, String part, StateDict d) {
        if (d == null) return;
        d.tensors().forEach((name, v) -> t.put(part + "/" + name, RawTensor.ofFloats(new long[] {v.length}, v)));
        d.scalars().forEach((name, v) -> t.put(part + "#/" + name, RawTensor.ofDoubles(new long[0], v)));
    }

    /** The state dict stored under {@code part}, or null if the run had none. */
    private static StateDict state(Map<String, RawTensor> t, String part) {
        Map<String, float[]> tensors = new LinkedHashMap<>();
        Map<String, Double> scalars = new LinkedHashMap<>();
        t.forEach((name, raw) -> {
            if (name.startsWith(part + "/")) tensors.put(name.substring(part.length() + 1), raw.toFloatArray());
            if (name.startsWith(part + "#/")) scalars.put(name.substring(part.length() + 2), raw.toDoubleArray()[0]);
        });
        return tensors.isEmpty() && scalars.isEmpty() ? null : new StateDict(tensors, scalars);
    }
}
