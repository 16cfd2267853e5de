package dev.jnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MnistTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void loadsAFolderWithTheFourFiles(boolean gz) throws IOException {
        IdxTestFiles.writeMnist(dir, 12, 5, gz);
        ImageDataset train = Mnist.train(dir);
        ImageDataset test = Mnist.test(dir);
        assertThat(train.size()).isEqualTo(12);
        assertThat(test.size()).isEqualTo(5);
        assertThat(train.height()).isEqualTo(28);
        assertThat(train.width()).isEqualTo(28);
        assertThat(train.channels()).isEqualTo(1);
        assertThat(train.label(11)).isEqualTo(1);
        assertThat(train.pixel(1, 0)).isEqualTo((784 * 7 + 1) % 256);
    }

    @Test
    void findsTorchvisionsMnistRawFolder() throws IOException {
        IdxTestFiles.writeMnist(dir.resolve("MNIST/raw"), 3, 2, true);
        assertThat(Mnist.locate(dir)).isEqualTo(dir.resolve("MNIST/raw"));
        assertThat(Mnist.train(dir).size()).isEqualTo(3);
    }

    @Test
    void missingFilesAreListedWithWhatToDo() throws IOException {
        IdxTestFiles.writeMnist(dir, 3, 2, false);
        Files.delete(dir.resolve(Mnist.TEST_LABELS));
        assertThatThrownBy(() -> Mnist.test(dir))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("missing t10k-labels-idx1-ubyte[.gz]")
                .hasMessageContaining("MnistFetcher")
                .hasMessageNotContainingAny("jnn fetch-data", "--data-dir");
    }

    @Test
    void imageAndLabelCountMismatchIsRefused() throws IOException {
        IdxTestFiles.writeMnist(dir, 12, 5, false);
        IdxTestFiles.write(dir, Mnist.TRAIN_LABELS, IdxTestFiles.labels(IdxReader.LABELS_MAGIC, 11, 10));
        assertThatThrownBy(() -> Mnist.train(dir))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(dir.resolve(Mnist.TRAIN_IMAGES).toString())
                .hasMessageContaining("count mismatch: it holds 12 images but train-labels-idx1-ubyte holds 11 labels");
    }

    @Test
    void dataDirectoryPrefersExplicitThenEnvironmentThenHome() {
        Path home = Path.of("/home/u");
        assertThat(DataDirectory.resolve(Path.of("/x/y"), Map.of("JNN_DATA", "/e"), home)).isEqualTo(Path.of("/x/y"));
        assertThat(DataDirectory.resolve(null, Map.of("JNN_DATA", "/e"), home)).isEqualTo(Path.of("/e"));
        assertThat(DataDirectory.resolve(null, Map.of("JNN_DATA", " "), home))
                .isEqualTo(Path.of("/home/u/.jnn/data/mnist"));
        assertThat(DataDirectory.resolve(null, Map.of(), home)).isEqualTo(Path.of("/home/u/.jnn/data/mnist"));
    }
}
