package dev.jnn.nn.safetensors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.nn.safetensors.RawTensor;
import dev.jnn.nn.safetensors.SafeTensorsFile;
import dev.jnn.nn.safetensors.SafeTensorsFormatException;
import dev.jnn.testing.FuzzLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of {@link SafeTensorsFile#read}: 5,000 inputs from a fixed seed, each of
 * which must read into a valid result or be refused with a one-line
 * {@link SafeTensorsFormatException} naming the file, within the time and heap budgets of
 * {@link FuzzLoop}. See {@link FuzzLoop} for the system properties that lengthen or replay a run.
 */
class SafeTensorsReaderFuzzTest {
    private static final long SEED = 0x5AFE_2026_11L;
    private static final int ITERATIONS = 5_000;

    /**
     * The header is held as bytes, chars and a String, then as JSON objects (a number costs tens of
     * bytes per input byte); tensors are copied once. 64 bytes per file byte is a loose, fixed bound.
     */
    static final LongUnaryOperator BUDGET = size -> 64 * size + 256 * 1024;

    @TempDir
    Path dir;

    @Test
    void mutatedFilesNeverCrashTheReader() throws IOException {
        FuzzLoop.Target target = new FuzzLoop.Target("safetensors", "model.safetensors", SafeTensorsInputs::next,
                SafeTensorsFile::read, SafeTensorsReaderFuzzTest::check, SafeTensorsFormatException.class, BUDGET);
        long seed = FuzzLoop.seed(SEED);
        int iterations = FuzzLoop.iterations(ITERATIONS);
        long start = System.nanoTime();
        FuzzLoop.Stats stats = FuzzLoop.run(target, seed, iterations, dir);
        System.out.printf("%s: %d inputs (seed %d) in %d ms: %d read, %d refused; slowest %.1f ms; "
                        + "at most %.0f%% of the heap budget; refusals %s%n", target.name(), stats.accepted() + stats.refused(), seed,
                (System.nanoTime() - start) / 1_000_000, stats.accepted(), stats.refused(),
                stats.slowestNanos() / 1e6, 100 * stats.worstBudgetUse(), stats.refusalKinds());
        if (Integer.getInteger("jnn.fuzz.iteration") == null) {
            assertThat(stats.accepted()).as("inputs read successfully").isGreaterThan(iterations / 50);
            assertThat(stats.refused()).as("inputs refused").isGreaterThan(iterations / 2);
            assertThat(stats.refusalKinds()).as("kinds of refusal").hasSizeGreaterThanOrEqualTo(10);
        }
    }

    /** An accepted file: every tensor is consistent, and together they cover the data buffer exactly. */
    static void check(Object result, byte[] input) {
        SafeTensorsFile f = (SafeTensorsFile) result;
        long dataBytes = input.length - 8 - SafeTensorsInputs.headerLength(input);
        long total = 0;
        for (RawTensor t : f.tensors().values()) {
            assertThat(t.byteSize()).isEqualTo(t.elementCount() * t.dtype().byteSize());
            assertThat(t.data().remaining()).isEqualTo(t.byteSize());
            total += t.byteSize();
        }
        assertThat(total).isEqualTo(dataBytes);
        assertThat(f.tensors()).doesNotContainKey(SafeTensorsFile.METADATA_KEY);
    }
}
