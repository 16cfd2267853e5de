package dev.jnn.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jnn.app.wiring.RunFolder;
import dev.jnn.core.io.AtomicFile;
import dev.jnn.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run folder is the user's: a second run never writes into a folder that holds a run unless
 * told to; {@code --overwrite} replaces the earlier run as a whole, and only once the new one has
 * saved its first checkpoint; the default folder never collides.
 */
class RunFolderTest {
    @TempDir
    Path tmp;

    private Path data;

    @BeforeEach
    void data() throws Exception {
        data = new SyntheticMnist(1, 200, 50).writeTo(tmp.resolve("data"));
    }

    /** A short linear run on the synthetic data (4 batches of 50 an epoch) into {@code out}, with {@code more} flags. */
    private CliRun train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--model", "linear", "--batch-size", "50", "--data-dir",
                data.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static CliRun succeeds(CliRun r) {
        assertThat(r.code()).as("stderr: %s", r.err()).isZero();
        return r;
    }

    @Test
    void aFolderHoldingARunIsRefusedWithOneLine() throws Exception {
        Path run = tmp.resolve("run");
        succeeds(train(run, "--epochs", "1"));
        Snapshot before = Snapshot.of(run);

        CliRun again = train(run, "--epochs", "1");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.errLines()).containsExactly("jnn train: --out " + run + " already holds a run (model.safetensors,"
                + " checkpoint.safetensors, metrics.csv, metrics.json, curves.png, samples.png, predictions.png); continue it"
                + " with --resume " + run + ", replace it with --overwrite, or choose another --out");
        before.assertUnchanged();

        // One file of a run is enough (here the checkpoint a killed run leaves); other files are not a run.
        Path killed = Files.createDirectories(tmp.resolve("killed"));
        Files.copy(run.resolve("checkpoint.safetensors"), killed.resolve("checkpoint.safetensors"));
        assertThat(train(killed).errLines()).singleElement().asString().contains("already holds a run (checkpoint.safetensors)");
        Path notes = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(notes.resolve("README.txt"), "my notes");
        succeeds(train(notes, "--max-steps", "1", "--no-plots"));
        assertThat(notes.resolve("README.txt")).hasContent("my notes");
    }

    @Test
    void overwriteReplacesTheEarlierRunAsAWhole() throws Exception {
        Path run = tmp.resolve("run");
        succeeds(train(run, "--epochs", "1", "--memory-log", "1"));
        Files.writeString(run.resolve("notes.txt"), "not a run file: stays");
        Snapshot old = Snapshot.of(run);

        CliRun r = succeeds(train(run, "--overwrite", "--epochs", "2", "--no-plots", "--seed", "7"));
        assertThat(r.out()).contains("writing to " + run + " (replacing the run there once this run saves its first checkpoint)",
                "replaced the earlier run in " + run + " (this run's first checkpoint is saved, at step 4)");

        assertThat(names(run)).containsExactly("checkpoint.safetensors", "metrics.csv", "metrics.json", "model.safetensors",
                "notes.txt");
        assertThat(run.resolve("notes.txt")).hasContent("not a run file: stays");
        // The new run's files, complete: two epochs, eight steps, seed 7.
        JsonNode json = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        assertThat(json.get("steps").asInt()).isEqualTo(8);
        assertThat(json.get("seed").asInt()).isEqualTo(7);
        assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(3);
        assertThat(Checkpoint.read(run.resolve("checkpoint.safetensors")).step()).isEqualTo(8);
        for (String f : List.of("checkpoint.safetensors", "metrics.csv", "metrics.json", "model.safetensors")) {
            assertThat(Snapshot.of(run).entries().get(f)).as(f + " is new").isNotEqualTo(old.entries().get(f));
        }
    }

    @Test
    void overwriteLeavesTheEarlierRunIntactWhenTheNewOneFailsBeforeItsFirstCheckpoint() throws Exception {
        Path run = tmp.resolve("run");
        succeeds(train(run, "--epochs", "1", "--memory-log", "1"));
        Snapshot old = Snapshot.of(run);

        // A learning rate that makes the loss infinite at the second step; the first checkpoint would come at the fourth.
        CliRun r = train(run, "--overwrite", "--epochs", "2", "--lr", "1e30", "--memory-log", "1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString().startsWith("jnn train: training diverged: ");
        assertThat(r.out()).contains("the earlier run in " + run + " is left as it was (this run saved no checkpoint)");
        old.assertUnchanged();
    }

    @Test
    void theDefaultFolderTakesASuffixWhenItsNameIsTaken() throws Exception {
        Path runs = Files.createDirectories(tmp.resolve("runs"));
        LocalDateTime at = LocalDateTime.of(2026, 12, 6, 17, 44, 0);
        Path taken = Files.createDirectories(runs.resolve("cnn-20261206-174400"));
        Files.writeString(taken.resolve("metrics.csv"), "an earlier run");
        Files.createDirectories(runs.resolve("cnn-20261206-174400-2"));
        Snapshot before = Snapshot.of(runs);

        Path dir = RunFolder.defaultFor(runs, "cnn", at);
        assertThat(dir).isEqualTo(runs.resolve("cnn-20261206-174400-3"));
        RunFolder.claim(dir);
        assertThat(dir).isEmptyDirectory();
        assertThat(RunFolder.defaultFor(runs, "cnn", at)).isEqualTo(runs.resolve("cnn-20261206-174400-4"));
        assertThat(RunFolder.defaultFor(runs, "mlp", at)).isEqualTo(runs.resolve("mlp-20261206-174400"));
        // A folder another run took meanwhile is not shared.
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> RunFolder.claim(taken)))
                .hasMessage(taken + ": another run took this folder at the same moment; run again");
        Files.delete(dir);
        before.assertUnchanged();
    }

    @Test
    void aDefaultFolderWhoseNameIsTakenGetsASuffixFromTheCommandLine() throws Exception {
        // jnn in its own working folder, where runs/linear-<every second of the next two minutes> holds a run.
        Path runs = Files.createDirectories(tmp.resolve("work/runs"));
        LocalDateTime now = LocalDateTime.now().withNano(0);
        java.time.format.DateTimeFormatter stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
        for (int s = -2; s <= 120; s++) {
            Path taken = Files.createDirectories(runs.resolve("linear-" + now.plusSeconds(s).format(stamp)));
            Files.writeString(taken.resolve("metrics.csv"), "an earlier run's metrics");
        }
        Snapshot before = Snapshot.of(runs);

        ChildJnn.Result r = ChildJnn.run(tmp.resolve("work"), java.util.Map.of(), "train", "--model", "linear",
                "--batch-size", "50", "--max-steps", "1", "--no-plots", "--data-dir", data.toString());
        assertThat(r.code()).as(r.err()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("writing to (runs/linear-\\d{8}-\\d{6}-2)\n").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        Path dir = tmp.resolve("work").resolve(m.group(1));
        assertThat(dir.resolve("model.safetensors")).isRegularFile();
        assertThat(Snapshot.of(runs).entries()).containsAllEntriesOf(before.entries());
    }

    @Test
    void leftoversOfAnInterruptedWriteAreRemovedAndNothingElse() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve(".metrics.csv.0123456789abcdef" + AtomicFile.TEMP_SUFFIX), "half");
        Files.writeString(run.resolve(".notes.0123456789abcdef" + AtomicFile.TEMP_SUFFIX), "not ours by name");
        RunFolder.removeLeftovers(run);
        assertThat(names(run)).containsExactly(".notes.0123456789abcdef" + AtomicFile.TEMP_SUFFIX);
    }

    static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
