package dev.jnn.data.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnn.data.DataFormatException;
import dev.jnn.data.IdxReader;
import dev.jnn.testing.AllocationMeter;
import dev.jnn.testing.FuzzLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the regression corpus {@code src/test/resources/fuzz/idx/} (see {@code README.md}
 * there): {@code images-*} files are read as images and {@code labels-*} files as labels, under the
 * fuzzer's contract, and each finding's fixed behaviour is pinned by a test of its own.
 */
class IdxCorpusTest {
    static final Path CORPUS = Path.of(System.getProperty("basedir", ".")).resolve("src/test/resources/fuzz/idx");

    static List<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            List<Path> out = files.filter(p -> p.getFileName().toString().matches("(images|labels)-.*")).sorted().toList();
            assertThat(out).as("corpus files in " + CORPUS).isNotEmpty();
            return out;
        }
    }

    private static Object read(Path file) throws IOException {
        return file.getFileName().toString().startsWith("images-")
                ? IdxReader.readImages(file)
                : IdxReader.readLabels(file, IdxReaderFuzzTest.NUM_CLASSES);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void corpusFileIsReadOrRefusedWithOneLineWithinTheHeapBudget(Path file) throws IOException {
        byte[] input = Files.readAllBytes(file);
        Object result = null;
        try {
            result = read(file);
        } catch (DataFormatException e) {
            assertThat(e.getMessage()).startsWith(file + ": ").doesNotContain("\n", "\r");
            assertThat(e.getMessage().length()).isLessThanOrEqualTo(file.toString().length() + FuzzLoop.MAX_PROBLEM_CHARS);
        }
        if (result instanceof byte[]) {
            IdxReaderFuzzTest.checkLabels(result, input);
        } else if (result != null) {
            IdxReaderFuzzTest.checkImages(result, input);
        }
        // Measured on a second read: the first one may load classes on this thread.
        long before = AllocationMeter.allocatedBytes();
        try {
            read(file);
        } catch (DataFormatException expected) {
            // Checked above.
        }
        long budget = (IdxReaderFuzzTest.isGzip(input) ? IdxReaderFuzzTest.GZ_BUDGET : IdxReaderFuzzTest.RAW_BUDGET)
                .applyAsLong(input.length);
        assertThat(AllocationMeter.allocatedBytes() - before).as("heap bytes allocated").isLessThanOrEqualTo(budget);
    }

    @Test
    void sixteenMegabytesClaimedBySixteenKilobytesOfGzipCostAboutOneMegabyte() throws IOException {
        // Finding 3: the reader allocated the whole claim (16 MiB here, 2 GiB for a 2 MiB file) before
        // inflating; the array now starts at 1 MiB and grows only with data that really arrives.
        Path file = CORPUS.resolve("images-sixteen-megabytes-claimed-by-sixteen-kilobytes.idx.gz");
        assertThatThrownBy(() -> IdxReader.readImages(file)).isInstanceOf(DataFormatException.class);
        long before = AllocationMeter.allocatedBytes();
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(file + ": truncated: the header implies 16777232 bytes of data, the file holds 16400; "
                        + "delete it and fetch the data again (jnn fetch-data)");
        assertThat(AllocationMeter.allocatedBytes() - before).isLessThan(2 << 20);
    }
}
