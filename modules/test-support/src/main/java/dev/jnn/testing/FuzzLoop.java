package dev.jnn.testing;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;

/**
 * Runs a fuzz target for a fixed number of seeded iterations and checks the reader's contract on
 * every input: it parses into a valid result, or it throws the documented exception type with a
 * one-line message that starts with the file name and is short enough to read. Anything else (another exception, an
 * {@link Error} such as {@link OutOfMemoryError}, more heap allocated than the file justifies, an
 * input slower than {@link #PER_INPUT_LIMIT}, a batch that hangs) fails the test with the seed and
 * iteration, and the input is saved under {@code target/fuzz-failures/} to become a corpus file.
 *
 * <p>System properties for local runs: {@code jnn.fuzz.seed} and {@code jnn.fuzz.iterations}
 * change the run; {@code jnn.fuzz.iteration} replays one iteration of the seed.
 */
public final class FuzzLoop {
    /** Slowest single input allowed: generous, because CI machines are busy. */
    public static final Duration PER_INPUT_LIMIT = Duration.ofSeconds(5);
    /** Longest problem description accepted after the file name: a message is read by a person. */
    public static final int MAX_PROBLEM_CHARS = 600;
    /** Inputs per {@code assertTimeoutPreemptively} batch. */
    public static final int BATCH = 250;
    /** Wall time allowed to one batch; a hung reader fails here even if it never returns. */
    public static final Duration BATCH_LIMIT = Duration.ofSeconds(60);

    /** Makes one input from the seeds, using only the iteration's mutator. */
    public interface Generator {
        byte[] next(MutationFuzzer fuzzer);
    }

    /** Reads a file with the reader under test; throws the reader's exception if it refuses it. */
    public interface Reader {
        Object read(Path file) throws IOException;
    }

    /** Asserts that what the reader returned is valid for the input it was given. */
    public interface Validator {
        void check(Object result, byte[] input);
    }

    /**
     * One target.
     *
     * @param name short name used in messages and failure files
     * @param fileName the name the input is written under (its extension can matter to the reader)
     * @param documented the exception type the reader documents for a bad file
     * @param validator checks an accepted input's result (outside the heap measurement)
     * @param heapBudget the most heap bytes reading a file of the given size may allocate
     */
    public record Target(String name, String fileName, Generator generator, Reader reader,
            Validator validator, Class<? extends IOException> documented, LongUnaryOperator heapBudget) {}

    /** What a run saw: inputs accepted, refused, refusals by kind, the slowest input, the largest share of the heap budget used. */
    public record Stats(int accepted, int refused, Map<String, Integer> refusalKinds, long slowestNanos, double worstBudgetUse) {}

    private FuzzLoop() {}

    public static long seed(long defaultSeed) {
        return Long.getLong("jnn.fuzz.seed", defaultSeed);
    }

    public static int iterations(int defaultIterations) {
        return Integer.getInteger("jnn.fuzz.iterations", defaultIterations);
    }

    /** Runs {@code iterations} inputs of {@code target} from {@code seed}, in batches with a time limit. */
    public static Stats run(Target target, long seed, int iterations, Path dir) throws IOException {
        Integer only = Integer.getInteger("jnn.fuzz.iteration");
        int first = only == null ? 0 : only;
        int end = only == null ? iterations : only + 1;
        Path file = dir.resolve(target.fileName());
        Tally tally = new Tally();
        for (int batch = first; batch < end; batch += BATCH) {
            int from = batch;
            int to = Math.min(end, batch + BATCH);
            assertTimeoutPreemptively(BATCH_LIMIT, () -> {
                for (int i = from; i < to; i++) {
                    tally.current = i;
                    runOne(target, seed, i, file, tally);
                }
            }, () -> failure(target, seed, tally.current, tally.currentInput,
                    "no result within " + BATCH_LIMIT.toSeconds() + " s (hang or extreme slowness)"));
        }
        return new Stats(tally.accepted, tally.refused, tally.kinds, tally.slowestNanos, tally.worstBudgetUse);
    }

    private static void runOne(Target target, long seed, int i, Path file, Tally tally) throws IOException {
        byte[] input = target.generator().next(MutationFuzzer.forIteration(seed, i));
        tally.currentInput = input;
        // Delete, then create: ext4 flushes a file truncated and rewritten in place on close
        // (auto_da_alloc), which made each input wait for the disk.
        Files.deleteIfExists(file);
        Files.write(file, input);
        long budget = target.heapBudget().applyAsLong(input.length);
        long allocatedBefore = AllocationMeter.allocatedBytes();
        long start = System.nanoTime();
        Throwable thrown = null;
        Object result = null;
        try {
            result = target.reader().read(file);
        } catch (Throwable t) {
            thrown = t;
        }
        long nanos = System.nanoTime() - start;
        long allocated = AllocationMeter.allocatedBytes() - allocatedBefore;
        if (thrown == null) {
            try {
                target.validator().check(result, input);
            } catch (Throwable t) {
                throw new AssertionError(failure(target, seed, i, input, "accepted but invalid: " + t), t);
            }
        }
        if (thrown != null && !target.documented().isInstance(thrown)) {
            throw new AssertionError(failure(target, seed, i, input, "unexpected " + thrown), thrown);
        }
        if (thrown != null) {
            String m = String.valueOf(thrown.getMessage());
            if (!m.startsWith(file + ": ") || m.contains("\n") || m.contains("\r")
                    || m.length() > file.toString().length() + MAX_PROBLEM_CHARS) {
                throw new AssertionError(failure(target, seed, i, input, "message is not one line of at most "
                        + MAX_PROBLEM_CHARS + " characters after the file name: " + m.replace("\n", "\\n")), thrown);
            }
            tally.refused++;
            tally.kinds.merge(kind(m.substring(file.toString().length() + 2)), 1, Integer::sum);
        } else {
            tally.accepted++;
        }
        if (allocated > budget) {
            // The first input down a new path loads and initialises classes on this thread; measure again warm.
            allocated = allocationOf(target, file);
        }
        if (allocated > budget) {
            throw new AssertionError(failure(target, seed, i, input, "allocated " + allocated + " heap bytes for a "
                    + input.length + "-byte file, budget " + budget));
        }
        if (nanos > PER_INPUT_LIMIT.toNanos()) {
            throw new AssertionError(failure(target, seed, i, input, "took " + nanos / 1_000_000 + " ms, limit "
                    + PER_INPUT_LIMIT.toMillis() + " ms"));
        }
        tally.slowestNanos = Math.max(tally.slowestNanos, nanos);
        tally.worstBudgetUse = Math.max(tally.worstBudgetUse, allocated / (double) budget);
    }

    private static long allocationOf(Target target, Path file) {
        long before = AllocationMeter.allocatedBytes();
        try {
            target.reader().read(file);
        } catch (Throwable ignored) {
            // Only the allocation matters here; the outcome was checked on the first read.
        }
        return AllocationMeter.allocatedBytes() - before;
    }

    /** The start of a refusal with names and numbers blanked ("truncated", "tensor Q: dtype must be"). */
    private static String kind(String problem) {
        String p = problem.replaceAll("\"[^\"]*\"", "Q").replaceAll("[0-9]+", "N");
        int end = p.length();
        for (char stop : new char[] {';', '(', ','}) {
            int k = p.indexOf(stop);
            if (k >= 0 && k < end) {
                end = k;
            }
        }
        return p.substring(0, Math.min(end, 40)).strip();
    }

    /** Saves the input and builds the failure message with everything needed to replay it. */
    public static String failure(Target target, long seed, int iteration, byte[] input, String what) {
        String saved = "(input not saved)";
        if (input != null) {
            try {
                Path dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
                Path out = dir.resolve(target.name() + "-seed" + seed + "-it" + iteration + "-" + target.fileName());
                Files.write(out, input);
                saved = "input saved to " + out.toAbsolutePath();
            } catch (IOException e) {
                saved = "(input not saved: " + e + ")";
            }
        }
        return "fuzz target " + target.name() + ", seed " + seed + ", iteration " + iteration + ": " + what + "; "
                + saved + "; replay with -Djnn.fuzz.seed=" + seed + " -Djnn.fuzz.iteration=" + iteration;
    }

    /** Mutable counters of one run; written by the batch thread, read after it finished. */
    private static final class Tally {
        volatile int current;
        volatile byte[] currentInput;
        int accepted;
        int refused;
        long slowestNanos;
        double worstBudgetUse;
        final Map<String, Integer> kinds = new TreeMap<>();
    }
}
