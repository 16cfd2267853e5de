package dev.jnn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.jnn.core.io.AtomicFile;
import dev.jnn.core.io.FileWriteException;
import dev.jnn.nn.safetensors.SafeTensorsFile;
import dev.jnn.testing.VectorBackendScope;
import dev.jnn.train.listeners.MetricsCsv;
import dev.jnn.train.listeners.ModelFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes that really fail in the middle of a run (the run folder deleted, the disk full) stop it
 * with one line naming the file and the cause, and leave every earlier file as it was; a damaged
 * or truncated checkpoint is refused.
 */
@ExtendWith(VectorBackendScope.class)
class WriteFailuresTest {
    @TempDir
    Path dir;

    @Test
    void aRunFolderDeletedMidRunStopsTheRunNamingTheFileAndTheFolder() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Path file = run.resolve("checkpoint.safetensors");
        TrainingListener deleteFolder = new TrainingListener() {
            @Override
            public void onStep(StepEvent s) {
                if (s.step() == 10) deleteTree(run);   // the step-7 checkpoint is there by now
            }
        };
        CheckpointTest.Run r = new CheckpointTest.Run();
        assertThatThrownBy(() -> r.trainer(file, deleteFolder).build().fit())
                .isInstanceOf(CheckpointException.class)
                .hasMessage("cannot write checkpoint " + file + " at step 14: the folder " + run + " does not exist (was it"
                        + " deleted or moved?); the checkpoint of step 7 is gone too");
        assertThat(run).as("not made again, empty").doesNotExist();
    }

    @Test
    void aFullDiskKeepsThePreviousModelFile() throws Exception {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setMaxSize(1L << 20).setBlockSize(4096).build())) {
            Path run = Files.createDirectories(fs.getPath("/run"));
            Path model = run.resolve("model.safetensors");
            CheckpointTest.Run old = new CheckpointTest.Run();
            SafeTensorsFile.write(model, Checkpoints.modelState(old.model), java.util.Map.of("run", "the earlier one"));
            byte[] before = Files.readAllBytes(model);

            CheckpointTest.Run r = new CheckpointTest.Run();
            ModelFile saver = new ModelFile(model, f -> SafeTensorsFile.write(f, Checkpoints.modelState(r.model), java.util.Map.of()));
            TrainingListener fillDisk = new TrainingListener() {
                @Override
                public void onEnd(RunInfo info, RunResult result) {
                    fill(run.resolve("filler"));
                }
            };
            assertThatThrownBy(() -> r.trainer(run.resolve("checkpoint.safetensors"), fillDisk, saver).build().fit())
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessage("cannot write /run/model.safetensors: no space left on device; the file there before is unchanged")
                    .hasCauseInstanceOf(FileWriteException.class);
            assertThat(Files.readAllBytes(model)).isEqualTo(before);
            assertThat(names(run)).containsExactly("checkpoint.safetensors", "filler", "model.safetensors");
        }
    }

    @Test
    void aFullDiskKeepsThePreviousMetrics() throws Exception {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setMaxSize(1L << 20).setBlockSize(4096).build())) {
            Path run = Files.createDirectories(fs.getPath("/run"));
            Path csv = run.resolve("metrics.csv");
            List<String> seen = new ArrayList<>();
            TrainingListener fillAfterEpoch1 = new TrainingListener() {
                @Override
                public void onEpoch(RunInfo info, EpochMetrics m) {
                    if (m.epoch() == 0) fill(run.resolve("filler"));
                }

                @Override
                public void onCheckpoint(RunInfo info, long step, Path file) {
                    seen.add(step + " " + file);
                }
            };
            CheckpointTest.Run r = new CheckpointTest.Run();
            // MetricsCsv hears epoch 1 first (and writes it), then the listener fills the disk.
            assertThatThrownBy(() -> Trainer.builder().model("bn", r.model).optimizer(r.opt).train(r.train).epochs(2)
                    .listeners(new MetricsCsv(csv), fillAfterEpoch1).build().fit())
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessage("cannot write /run/metrics.csv: no space left on device; the file there before is unchanged");
            assertThat(Files.readAllLines(csv)).hasSize(2).first().isEqualTo(MetricsCsv.HEADER);
            assertThat(names(run)).containsExactly("filler", "metrics.csv");
            assertThat(seen).as("no checkpoints were asked for").isEmpty();
        }
    }

    @Test
    void listenersHearOfEachCheckpointOnceItIsInPlace() {
        Path file = dir.resolve("run.ckpt");
        List<Long> steps = new ArrayList<>();
        TrainingListener l = new TrainingListener() {
            @Override
            public void onCheckpoint(RunInfo run, long step, Path f) {
                assertThat(f).isEqualTo(file);
                assertThat(Checkpoint.read(f).step()).isEqualTo(step);
                steps.add(step);
            }
        };
        new CheckpointTest.Run().trainer(file, l).build().fit();
        assertThat(steps).containsExactly(7L, 14L, 20L, 21L, 28L, 35L, 40L, 42L, 49L, 56L, 60L);
    }

    @Test
    void aDamagedOrTruncatedCheckpointIsRefused() throws Exception {
        Path file = dir.resolve("run.ckpt");
        new CheckpointTest.Run().trainer(file).build().fit();
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[flipped.length - 3] ^= 0x10;   // a bit of the last tensor's data: still a valid safetensors file
        Path damaged = Files.write(dir.resolve("damaged.ckpt"), flipped);
        assertThatThrownBy(() -> Checkpoint.read(damaged)).isInstanceOf(CheckpointException.class)
                .hasMessage("checkpoint " + damaged + " is damaged: its content does not match the checksum saved with it");

        Path truncated = Files.write(dir.resolve("truncated.ckpt"), java.util.Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> Checkpoint.read(truncated)).isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("cannot read checkpoint " + truncated + ": ")
                .hasMessageNotContaining("\n");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> out = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(out).noneMatch(n -> AtomicFile.isTemporary(dir.resolve(n)));
            return out;
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes into {@code file} until the file system refuses even a single byte. */
    private static void fill(Path file) {
        byte[] block = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int size : new int[] {block.length, 4096, 1}) {
                try {
                    while (true) out.write(block, 0, size);
                } catch (IOException full) {
                    // Full for writes of this size; try smaller ones.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
