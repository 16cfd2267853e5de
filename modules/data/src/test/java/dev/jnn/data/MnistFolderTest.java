package dev.jnn.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a folder holds of the four files, where, and whether they are the expected ones. */
class MnistFolderTest {
    @TempDir
    Path dir;

    @Test
    void aMissingOrEmptyFolderHoldsNoneAndCountsAsEmpty() throws Exception {
        MnistFolder missing = MnistFolder.scan(dir.resolve("nothing"));
        assertThat(missing.none()).isTrue();
        assertThat(missing.emptyFolder()).isTrue();
        assertThat(missing.describeMissing()).isEqualTo("train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], "
                + "t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]");
        // An interrupted write's leftover is jnn's own, not the user's.
        Files.write(dir.resolve(".train-images-idx3-ubyte.0123456789abcdef.jnn-tmp"), new byte[3]);
        assertThat(MnistFolder.scan(dir).emptyFolder()).isTrue();
        Files.writeString(dir.resolve(".notes"), "mine");
        assertThat(MnistFolder.scan(dir).emptyFolder()).isFalse();
    }

    @Test
    void theSubFolderWithTheMostFilesIsChosen() throws Exception {
        Path raw = Files.createDirectories(dir.resolve("FashionMNIST/raw"));
        IdxTestFiles.write(raw, Mnist.TRAIN_IMAGES, IdxTestFiles.images(IdxReader.IMAGES_MAGIC, 2, 28, 28));
        IdxTestFiles.write(raw, Mnist.TEST_LABELS + ".gz", IdxTestFiles.labels(IdxReader.LABELS_MAGIC, 2, 10));
        IdxTestFiles.write(dir, Mnist.TRAIN_LABELS, IdxTestFiles.labels(IdxReader.LABELS_MAGIC, 2, 10));
        MnistFolder f = MnistFolder.scan(dir);
        assertThat(f.folder()).isEqualTo(raw);
        assertThat(f.present()).containsOnlyKeys(Mnist.TRAIN_IMAGES, Mnist.TEST_LABELS);
        assertThat(f.missing()).containsExactly(Mnist.TRAIN_LABELS, Mnist.TEST_IMAGES);
        assertThat(f.describeMissing()).isEqualTo("FashionMNIST/raw/train-labels-idx1-ubyte[.gz], "
                + "FashionMNIST/raw/t10k-images-idx3-ubyte[.gz]");
        assertThat(f.none()).isFalse();
        assertThat(f.complete()).isFalse();
    }

    @Test
    void checksumsAreOfTheUncompressedContent() throws Exception {
        byte[] labels = IdxTestFiles.labels(IdxReader.LABELS_MAGIC, 4, 10);
        IdxTestFiles.write(dir, Mnist.TRAIN_LABELS + ".gz", labels);   // write() compresses
        IdxTestFiles.write(dir, Mnist.TEST_LABELS, IdxTestFiles.labels(IdxReader.LABELS_MAGIC, 3, 10));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(labels));
        MnistFolder f = MnistFolder.scan(dir);
        assertThat(f.notMatching(Map.of(Mnist.TRAIN_LABELS, sha, Mnist.TEST_LABELS, sha)))
                .isEqualTo(List.of(dir.resolve(Mnist.TEST_LABELS)));
    }
}
