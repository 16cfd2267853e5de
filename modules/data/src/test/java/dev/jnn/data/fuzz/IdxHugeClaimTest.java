package dev.jnn.data.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnn.data.DataFormatException;
import dev.jnn.data.IdxReader;
import dev.jnn.testing.AllocationMeter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IDX headers that claim far more than the file holds are refused, or read, without allocating
 * more than the data really there: the reader's heap use is measured per thread.
 */
class IdxHugeClaimTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private static byte[] imagesHeader(int count, int rows, int cols) {
        return ByteBuffer.allocate(16).putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols).array();
    }

    /** Reads images from {@code file}, expects a refusal containing {@code expected}, returns the bytes allocated. */
    private static long refusedAllocating(Path file, String expected) {
        // Measure a second read: the first one may load classes on this thread.
        assertThatThrownBy(() -> IdxReader.readImages(file)).isInstanceOf(DataFormatException.class);
        long before = AllocationMeter.allocatedBytes();
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining(expected);
        return AllocationMeter.allocatedBytes() - before;
    }

    @Test
    void trillionPixelsClaimedByARawFileAreRefusedBeforeAllocation() throws IOException {
        // 10^6 images of 1000x1000: 10^12 bytes claimed by a 16-byte file.
        Path file = Files.write(dir.resolve("images.idx"), imagesHeader(1_000_000, 1000, 1000));
        long allocated = refusedAllocating(file, "header too large: it claims 1000000x1000x1000 elements");
        assertThat(allocated).isLessThan(MIB);
    }

    @Test
    void trillionPixelsClaimedByAGzipFileAreRefusedBeforeAllocation() throws IOException {
        Path file = Files.write(dir.resolve("images.idx.gz"), IdxInputs.gzip(imagesHeader(1_000_000, 1000, 1000)));
        long allocated = refusedAllocating(file, "header too large: it claims 1000000x1000x1000 elements");
        assertThat(allocated).isLessThan(MIB);
    }

    @Test
    void fourBillionLabelsAreRefusedBeforeAllocation() throws IOException {
        Path file = Files.write(dir.resolve("labels.idx"),
                ByteBuffer.allocate(8).putInt(IdxReader.LABELS_MAGIC).putInt(-1).array());
        assertThatThrownBy(() -> IdxReader.readLabels(file, 10)).isInstanceOf(DataFormatException.class);
        long before = AllocationMeter.allocatedBytes();
        assertThatThrownBy(() -> IdxReader.readLabels(file, 10))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining("header too large: it claims 4294967295x1x1 elements");
        assertThat(AllocationMeter.allocatedBytes() - before).isLessThan(MIB);
    }

    @Test
    void twoGigabytesClaimedByATinyGzipFileAreRefusedBeforeAllocation() throws IOException {
        // 2*10^9 bytes fit a Java array, but no gzip file of a few dozen bytes inflates that far.
        Path file = Files.write(dir.resolve("images.idx.gz"), IdxInputs.gzip(imagesHeader(2_000_000, 1000, 1)));
        long allocated = refusedAllocating(file, "more than a gzip file of");
        assertThat(allocated).isLessThan(MIB);
    }

    @Test
    void twoGigabytesClaimedByATwoMegabyteGzipFileCostOnlyTheDataPresent() throws IOException {
        // Finding 3: 2 MiB of incompressible data passes the 1100:1 ratio check for a 2^31-9 byte
        // claim; the reader allocated the whole 2 GiB array before finding the stream short.
        byte[] body = new byte[2 * (int) MIB];
        new Random(3).nextBytes(body);
        byte[] idx = ByteBuffer.allocate(16 + body.length).put(imagesHeader(Integer.MAX_VALUE - 8, 1, 1)).put(body).array();
        Path file = Files.write(dir.resolve("images.idx.gz"), IdxInputs.gzip(idx));
        long allocated = refusedAllocating(file, "truncated: the header implies 2147483655 bytes of data, the file holds "
                + (16 + body.length));
        assertThat(allocated).as("heap bytes allocated for a %d-byte file", Files.size(file)).isLessThan(64 * MIB);
    }
}
