package dev.jnn.nn.safetensors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnn.nn.safetensors.SafeTensorsFile;
import dev.jnn.nn.safetensors.SafeTensorsFormatException;
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
 * Replays the regression corpus {@code src/test/resources/fuzz/safetensors/}: inputs that once
 * broke the reader's contract (see {@code README.md} there), each read under the same contract as
 * the fuzzer's, plus one test per finding that pins the fixed behaviour.
 */
class SafeTensorsCorpusTest {
    static final Path CORPUS = Path.of(System.getProperty("basedir", ".")).resolve("src/test/resources/fuzz/safetensors");

    static List<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            List<Path> out = files.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
            assertThat(out).as("corpus files in " + CORPUS).isNotEmpty();
            return out;
        }
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void corpusFileIsReadOrRefusedWithOneLineWithinTheHeapBudget(Path file) throws IOException {
        byte[] input = Files.readAllBytes(file);
        SafeTensorsFile result = null;
        try {
            result = SafeTensorsFile.read(file);
        } catch (SafeTensorsFormatException e) {
            assertThat(e.getMessage()).startsWith(file + ": ").doesNotContain("\n", "\r");
            assertThat(e.getMessage().length()).isLessThanOrEqualTo(file.toString().length() + FuzzLoop.MAX_PROBLEM_CHARS);
        }
        if (result != null) {
            SafeTensorsReaderFuzzTest.check(result, input);
        }
        // Measured on a second read: the first one may load classes on this thread.
        long before = AllocationMeter.allocatedBytes();
        try {
            SafeTensorsFile.read(file);
        } catch (SafeTensorsFormatException expected) {
            // Checked above.
        }
        assertThat(AllocationMeter.allocatedBytes() - before).as("heap bytes allocated")
                .isLessThanOrEqualTo(SafeTensorsReaderFuzzTest.BUDGET.applyAsLong(input.length));
    }

    @Test
    void anExponentBeyondAnIntIsAFormatError() {
        // Finding 4 (seed 1, iteration 3491): BigDecimal threw NumberFormatException for 1e9223372036854775808.
        Path file = CORPUS.resolve("exponent-beyond-int-in-shape.safetensors");
        assertThatThrownBy(() -> SafeTensorsFile.read(file))
                .isInstanceOf(SafeTensorsFormatException.class)
                .hasMessage(file + ": invalid JSON header: number 1e9223372036854775808 is out of range at character 60");
    }

    @Test
    void aLineBreakAfterABackslashIsNamedNotPrinted() {
        // Finding 5 (seed 2, iteration 81963): the raw newline after '\\' was copied into the message.
        Path file = CORPUS.resolve("raw-newline-after-backslash.safetensors");
        assertThatThrownBy(() -> SafeTensorsFile.read(file))
                .isInstanceOf(SafeTensorsFormatException.class)
                .hasMessage(file + ": invalid JSON header: invalid escape: '\\' followed by U+000A at character 29");
    }

    @Test
    void aLongShapeOfOnesIsReadWithinTheHeapBudget() throws IOException {
        // Finding 2: before StrictJson parsed short integers in place, this 64 KiB file cost 75 heap
        // bytes per byte (a 100 MB header, the format's limit, would have cost 7.5 GB).
        Path file = CORPUS.resolve("long-shape-of-ones.safetensors");
        SafeTensorsFile.read(file);
        long before = AllocationMeter.allocatedBytes();
        SafeTensorsFile f = SafeTensorsFile.read(file);
        long allocated = AllocationMeter.allocatedBytes() - before;
        assertThat(f.tensor("w").elementCount()).isEqualTo(1);
        assertThat(f.tensor("w").toFloatArray()).containsExactly(1f);
        assertThat(allocated).isLessThan(32 * Files.size(file));
    }

    @Test
    void newlineInATensorNameIsEscapedInTheMessage() {
        // Finding 1 (seed 390810576401, iteration 1511): the name "a\nb" split the message in two lines.
        Path file = CORPUS.resolve("newline-in-tensor-name.safetensors");
        assertThatThrownBy(() -> SafeTensorsFile.read(file))
                .isInstanceOf(SafeTensorsFormatException.class)
                .hasMessage(file + ": tensor \"a\\u000Ab\": missing field \"shape\"");
    }
}
