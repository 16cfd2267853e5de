package dev.jnn.data;

import static dev.jnn.data.IdxTestFiles.gzip;
import static dev.jnn.data.IdxTestFiles.images;
import static dev.jnn.data.IdxTestFiles.labels;
import static dev.jnn.data.IdxTestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IdxReaderTest {
    private static final int IMG = IdxReader.IMAGES_MAGIC;
    private static final int LAB = IdxReader.LABELS_MAGIC;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"", ".gz"})
    void readsImagesAndLabelsRawAndGzip(String ext) throws IOException {
        byte[] img = images(IMG, 5, 3, 4);
        Path imgFile = write(dir, "img" + ext, img);
        Path labFile = write(dir, "lab" + ext, labels(LAB, 5, 10));

        IdxImages images = IdxReader.readImages(imgFile);
        byte[] labels = IdxReader.readLabels(labFile, 10);

        assertThat(images.count()).isEqualTo(5);
        assertThat(images.rows()).isEqualTo(3);
        assertThat(images.cols()).isEqualTo(4);
        assertThat(images.pixels()).isEqualTo(Arrays.copyOfRange(img, 16, img.length));
        assertThat(labels).containsExactly(0, 1, 2, 3, 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".gz"})
    void truncatedFileIsRefused(String ext) throws IOException {
        byte[] img = images(IMG, 5, 3, 4);
        Path file = dir.resolve("img" + ext);
        byte[] cut = Arrays.copyOf(img, img.length - 3);
        Files.write(file, ext.isEmpty() ? cut : gzip(cut));
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("truncated")
                .hasMessageContaining("76 bytes");
    }

    @Test
    void gzipStreamCutInTheMiddleIsRefused() throws IOException {
        byte[] gz = gzip(images(IMG, 50, 28, 28));
        Path file = dir.resolve("img.gz");
        Files.write(file, Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void fileEndingInsideTheHeaderIsRefused() throws IOException {
        Path file = write(dir, "img", Arrays.copyOf(images(IMG, 5, 3, 4), 10));
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("truncated")
                .hasMessageContaining("header");
    }

    @Test
    void trailingBytesAreRefused() throws IOException {
        byte[] img = images(IMG, 5, 3, 4);
        Path file = write(dir, "img", Arrays.copyOf(img, img.length + 1));
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("wrong file length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".gz"})
    void wrongMagicIsRefused(String ext) throws IOException {
        Path file = write(dir, "img" + ext, images(0x00000804, 5, 3, 4));
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("wrong magic number 2052")
                .hasMessageContaining("expected 2051");
    }

    @Test
    void labelsFileReadAsImagesSaysTheyAreSwapped() throws IOException {
        Path file = write(dir, "lab", labels(LAB, 5, 10));
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("wrong magic number 2049")
                .hasMessageContaining("swapped");
    }

    @Test
    void zeroDimensionIsRefused() throws IOException {
        Path file = write(dir, "img", images(IMG, 5, 0, 4));
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("wrong dimensions")
                .hasMessageContaining("5 images of 0x4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".gz"})
    void labelOutOfRangeIsRefused(String ext) throws IOException {
        byte[] lab = labels(LAB, 6, 10);
        lab[8 + 4] = 12;
        Path file = write(dir, "lab" + ext, lab);
        assertThatThrownBy(() -> IdxReader.readLabels(file, 10))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("bad label: label 12 at index 4 is outside 0..9");
    }

    @Test
    void fileNamedGzThatIsNotGzipIsRefused() throws IOException {
        Path file = dir.resolve("img.gz");
        Files.write(file, images(IMG, 5, 3, 4));
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("not gzip");
    }

    @Test
    void corruptGzipDataIsRefused() throws IOException {
        byte[] gz = gzip(images(IMG, 50, 28, 28));
        for (int i = 20; i < gz.length - 20; i += 3) {
            gz[i] ^= 0x5A;
        }
        Path file = write(dir, "img", new byte[0]);
        Files.write(file, gz);
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file.toString());
    }

    @Test
    void hugeHeaderIsRefusedBeforeAllocating() throws IOException {
        // 10^6 images of 1000x1000 = 10^12 bytes claimed by a 16-byte file.
        Path file = write(dir, "img", ByteBuffer.allocate(16).putInt(IMG).putInt(1_000_000).putInt(1000)
                .putInt(1000).array());
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("header too large");
    }

    @Test
    void hugeHeaderInASmallGzipIsRefusedBeforeAllocating() throws IOException {
        // 2*10^9 bytes claimed: fits a Java array, but no gzip file of a few dozen bytes expands that far.
        Path file = write(dir, "img.gz", ByteBuffer.allocate(16).putInt(IMG).putInt(2_000_000).putInt(1000)
                .putInt(1).array());
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("header too large");
    }

    @Test
    void hugeLabelCountIsRefused() throws IOException {
        Path file = write(dir, "lab", ByteBuffer.allocate(8).putInt(LAB).putInt(-1).array());
        assertThatThrownBy(() -> IdxReader.readLabels(file, 10))
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("header too large");
    }
}
