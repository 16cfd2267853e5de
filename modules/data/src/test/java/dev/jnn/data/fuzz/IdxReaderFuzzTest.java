package dev.jnn.data.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.data.DataFormatException;
import dev.jnn.data.IdxImages;
import dev.jnn.data.IdxReader;
import dev.jnn.testing.FuzzLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of {@link IdxReader}, raw and gzip, images and labels: 5,000 inputs per
 * target from a fixed seed, each of which must read into a valid result or be refused with a
 * one-line {@link DataFormatException} naming the file, within the time and heap budgets of
 * {@link FuzzLoop}. See {@link FuzzLoop} for the system properties that lengthen or replay a run.
 */
class IdxReaderFuzzTest {
    private static final long SEED = 0x1D8_2026_11L;
    private static final int ITERATIONS = 5_000;
    static final int NUM_CLASSES = 10;

    /** The buffers of the reader and its streams (64 KiB each), exception stack traces, messages. */
    private static final long FIXED_HEAP = 512 * 1024;
    /** Raw: the body array is at most the file size; twice that leaves room for the header arrays. */
    static final LongUnaryOperator RAW_BUDGET = size -> 2 * size + FIXED_HEAP;
    /**
     * Gzip: never more than deflate's maximum expansion (1100:1) of the file size, and for a file
     * over a few KiB no more than the reader's first array (1 MiB or 16x the file) and its growth.
     */
    static final LongUnaryOperator GZ_BUDGET = size -> Math.min(1100 * size, (2 << 20) + 64 * size) + FIXED_HEAP;

    @TempDir
    Path dir;

    @Test
    void rawImageFilesNeverCrashTheReader() throws IOException {
        run(new FuzzLoop.Target("idx-images-raw", "images.idx", f -> IdxInputs.raw(IdxInputs.IMAGE_SEEDS, f),
                IdxReader::readImages, IdxReaderFuzzTest::checkImages, DataFormatException.class, RAW_BUDGET));
    }

    @Test
    void rawLabelFilesNeverCrashTheReader() throws IOException {
        run(new FuzzLoop.Target("idx-labels-raw", "labels.idx", f -> IdxInputs.raw(IdxInputs.LABEL_SEEDS, f),
                f -> IdxReader.readLabels(f, NUM_CLASSES), IdxReaderFuzzTest::checkLabels, DataFormatException.class, RAW_BUDGET));
    }

    @Test
    void gzipImageFilesNeverCrashTheReader() throws IOException {
        run(new FuzzLoop.Target("idx-images-gz", "images.idx.gz", f -> IdxInputs.gz(IdxInputs.IMAGE_SEEDS, f),
                IdxReader::readImages, IdxReaderFuzzTest::checkImages, DataFormatException.class, GZ_BUDGET));
    }

    @Test
    void gzipLabelFilesNeverCrashTheReader() throws IOException {
        run(new FuzzLoop.Target("idx-labels-gz", "labels.idx.gz", f -> IdxInputs.gz(IdxInputs.LABEL_SEEDS, f),
                f -> IdxReader.readLabels(f, NUM_CLASSES), IdxReaderFuzzTest::checkLabels, DataFormatException.class, GZ_BUDGET));
    }

    private void run(FuzzLoop.Target target) throws IOException {
        long seed = FuzzLoop.seed(SEED);
        int iterations = FuzzLoop.iterations(ITERATIONS);
        long start = System.nanoTime();
        FuzzLoop.Stats stats = FuzzLoop.run(target, seed, iterations, dir);
        System.out.printf("%s: %d inputs (seed %d) in %d ms: %d read, %d refused; slowest %.1f ms; "
                        + "at most %.0f%% of the heap budget; refusals %s%n", target.name(), stats.accepted() + stats.refused(), seed,
                (System.nanoTime() - start) / 1_000_000, stats.accepted(), stats.refused(),
                stats.slowestNanos() / 1e6, 100 * stats.worstBudgetUse(), stats.refusalKinds());
        if (Integer.getInteger("jnn.fuzz.iteration") == null) {
            // A fuzzer that only ever hits one check proves little: both outcomes and several kinds of refusal.
            assertThat(stats.accepted()).as("inputs read successfully").isGreaterThan(iterations / 50);
            assertThat(stats.refused()).as("inputs refused").isGreaterThan(iterations / 2);
            assertThat(stats.refusalKinds()).as("kinds of refusal").hasSizeGreaterThanOrEqualTo(5);
        }
    }

    /** Checks images are self-consistent and, for a raw file, equal to its bytes. */
    static void checkImages(Object result, byte[] bytes) {
        IdxImages images = (IdxImages) result;
        assertThat(images.count()).isPositive();
        assertThat(images.rows()).isPositive();
        assertThat(images.cols()).isPositive();
        assertThat((long) images.pixels().length).isEqualTo((long) images.count() * images.rows() * images.cols());
        if (!isGzip(bytes)) {
            assertThat(IdxInputs.readInt(bytes, 0)).isEqualTo(IdxReader.IMAGES_MAGIC);
            assertThat(IdxInputs.readInt(bytes, 4)).isEqualTo(images.count());
            assertThat(IdxInputs.readInt(bytes, 8)).isEqualTo(images.rows());
            assertThat(IdxInputs.readInt(bytes, 12)).isEqualTo(images.cols());
            assertThat(images.pixels()).isEqualTo(Arrays.copyOfRange(bytes, 16, bytes.length));
        }
    }

    /** Checks every label is in range and, for a raw file, equal to its bytes. */
    static void checkLabels(Object result, byte[] bytes) {
        byte[] labels = (byte[]) result;
        assertThat(labels).isNotEmpty();
        for (byte b : labels) {
            assertThat(b & 0xFF).isLessThan(NUM_CLASSES);
        }
        if (!isGzip(bytes)) {
            assertThat(IdxInputs.readInt(bytes, 0)).isEqualTo(IdxReader.LABELS_MAGIC);
            assertThat(IdxInputs.readInt(bytes, 4)).isEqualTo(labels.length);
            assertThat(labels).isEqualTo(Arrays.copyOfRange(bytes, 8, bytes.length));
        }
    }

    static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B;
    }
}
