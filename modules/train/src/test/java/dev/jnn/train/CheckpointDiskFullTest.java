package dev.jnn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.jnn.testing.VectorBackendScope;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A disk that fills up mid-run: the next checkpoint cannot be written, the run stops with one line
 * naming the file, the reason and the last good checkpoint, and that checkpoint is intact and resumes.
 */
@ExtendWith(VectorBackendScope.class)
class CheckpointDiskFullTest {
    @Test
    void aFullDiskStopsTheRunAndKeepsTheLastGoodCheckpoint() throws Exception {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setMaxSize(4L << 20).setBlockSize(4096).build())) {
            Path dir = Files.createDirectories(fs.getPath("/run"));
            Path file = dir.resolve("checkpoint.safetensors");
            // After step 10 (the step-7 checkpoint exists), something else fills the disk.
            TrainingListener fillDisk = new TrainingListener() {
                @Override
                public void onStep(StepEvent s) {
                    if (s.step() == 10) fill(dir.resolve("filler"));
                }
            };
            CheckpointTest.Run run = new CheckpointTest.Run();
            assertThatThrownBy(() -> run.trainer(file, fillDisk).build().fit())
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageMatching("cannot write checkpoint /run/checkpoint.safetensors at step 14: .*space.*; "
                            + "the last good checkpoint is /run/checkpoint.safetensors \\(step 7\\), intact")
                    .hasMessageNotContaining("\n");
            // No temporary file is left behind, and the step-7 checkpoint still resumes.
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("checkpoint.safetensors", "filler");
            }
            Checkpoint c = Checkpoint.read(file);
            assertThat(c.step()).isEqualTo(7);
            Files.delete(dir.resolve("filler"));
            CheckpointTest.Run resumed = new CheckpointTest.Run();
            RunResult r = resumed.trainer(file).resume(c).build().fit();
            assertThat(r.steps()).isEqualTo(60);
            CheckpointTest.Run whole = new CheckpointTest.Run();
            whole.trainer(dir.resolve("whole.ckpt")).build().fit();
            assertThat(resumed.weights()).containsExactlyEntriesOf(whole.weights());
        }
    }

    /** Writes into {@code file} until the file system refuses even a single byte. */
    private static void fill(Path file) {
        byte[] block = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(file)) {
            // Smaller and smaller writes: a refused large write can leave a few free blocks behind.
            for (int size : new int[] {block.length, 4096, 1}) {
                try {
                    while (true) out.write(block, 0, size);
                } catch (IOException full) {
                    // Full for writes of this size; try smaller ones.
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
