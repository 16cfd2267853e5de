package dev.jnn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.train.Checkpoint;
import dev.jnn.train.CheckpointException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training process killed with SIGKILL in the middle of an epoch, then continued with
 * {@code jnn train --resume}, ends with the same model file, byte for byte, as a run that was never
 * stopped (mlp on real MNIST, vector backend, two threads, shuffled batches). Each run is its own JVM,
 * started the way {@code ./jnn} starts jnn.
 */
class KillAndResumeTest {
    private static final int STEPS = 400;
    private static final int EVERY = 40;

    @TempDir
    Path dir;

    @Test
    void aRunKilledMidEpochAndResumedEndsWithIdenticalWeights() throws Exception {
        Path whole = dir.resolve("whole");
        Process p = jnn(whole, "train", "--model", "mlp", "--max-steps", String.valueOf(STEPS), "--checkpoint-every",
                String.valueOf(EVERY), "--threads", "2", "--out", whole.toString());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(log(whole)).isZero();

        Path killed = dir.resolve("killed");
        p = jnn(killed, "train", "--model", "mlp", "--max-steps", String.valueOf(STEPS), "--checkpoint-every",
                String.valueOf(EVERY), "--threads", "2", "--out", killed.toString());
        long stepAtKill = waitForCheckpointAtLeast(killed.resolve("checkpoint.safetensors"), 3 * EVERY, p);
        p.destroyForcibly();   // SIGKILL: no shutdown hook, no files finished
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("killed, not finished").isEqualTo(137);
        assertThat(killed.resolve("model.safetensors")).doesNotExist();
        assertThat(stepAtKill).isLessThan(STEPS);

        Process resumed = jnn(dir.resolve("resumed"), "train", "--resume", killed.toString());
        assertThat(resumed.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String out = log(dir.resolve("resumed"));
        assertThat(resumed.exitValue()).as(out).isZero();
        assertThat(out).containsPattern("resuming from .*checkpoint.safetensors: step \\d+, epoch 1, batch \\d+")
                .contains("stopped after " + STEPS + " steps");
        assertThat(Files.readAllBytes(killed.resolve("model.safetensors")))
                .as("weights after SIGKILL at a checkpoint >= step %d and --resume", stepAtKill)
                .isEqualTo(Files.readAllBytes(whole.resolve("model.safetensors")));
    }

    /**
     * The same with dropout (its mask generator is in the checkpoint), an --init scheme and optimizer
     * flags: the checkpoint's command line brings them all back, so the resumed run ends with the same
     * weights and records the same settings.
     */
    @Test
    void aRunWithDropoutInitAndOptimizerFlagsResumesWithAllOfThem() throws Exception {
        String[] flags = {"train", "--model", "mlp", "--dropout", "0.2", "--init", "kaiming-uniform", "--optimizer", "sgd", "--lr",
            "0.02", "--momentum", "0.9", "--nesterov", "--weight-decay", "1e-4", "--max-steps", String.valueOf(STEPS),
            "--checkpoint-every", String.valueOf(EVERY), "--threads", "2", "--no-plots", "--out"};
        Path whole = dir.resolve("whole");
        Process p = jnn(whole, with(flags, whole));
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(log(whole)).isZero();

        Path killed = dir.resolve("killed");
        p = jnn(killed, with(flags, killed));
        long stepAtKill = waitForCheckpointAtLeast(killed.resolve("checkpoint.safetensors"), 3 * EVERY, p);
        p.destroyForcibly();
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("killed, not finished").isEqualTo(137);
        assertThat(stepAtKill).isLessThan(STEPS);

        Process resumed = jnn(dir.resolve("resumed"), "train", "--resume", killed.toString());
        assertThat(resumed.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String out = log(dir.resolve("resumed"));
        assertThat(resumed.exitValue()).as(out).isZero();
        assertThat(out).contains("(dropout): Dropout(p=0.2, inplace=False)").contains("recipe: SGD(lr=0.02, momentum=0.9, "
                + "dampening=0, weight_decay=0.0001, nesterov=True, maximize=False), batch 64, 10 epochs, Normalize(0.1307, 0.3081), "
                + "seed 1, init kaiming-uniform, dropout 0.2");
        assertThat(Files.readAllBytes(killed.resolve("model.safetensors")))
                .as("weights after SIGKILL at a checkpoint >= step %d and --resume", stepAtKill)
                .isEqualTo(Files.readAllBytes(whole.resolve("model.safetensors")));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(json.readTree(killed.resolve("metrics.json").toFile()).get("hyperparameters"))
                .isEqualTo(json.readTree(whole.resolve("metrics.json").toFile()).get("hyperparameters"));
    }

    private static String[] with(String[] flags, Path out) {
        String[] all = java.util.Arrays.copyOf(flags, flags.length + 1);
        all[flags.length] = out.toString();
        return all;
    }

    @Test
    void resumeRefusesRecipeFlagsAndFoldersWithoutACheckpoint() throws Exception {
        CliRun flags = CliRun.of("train", "--resume", dir.toString(), "--lr", "0.5");
        assertThat(flags.code()).isEqualTo(2);
        assertThat(flags.errLines()).containsExactly("jnn train: --resume continues the run with its own settings; leave out "
                + "--lr (only --data-dir, --log-every, --memory-log, --backend, --threads, --plugins and --verbose may change)");
        CliRun none = CliRun.of("train", "--resume", dir.toString());
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.errLines()).hasSize(1);
        assertThat(none.err()).contains("no checkpoint " + dir.resolve("checkpoint.safetensors"));
    }

    /** Polls until the run's checkpoint has reached {@code step}; returns the step seen. */
    private static long waitForCheckpointAtLeast(Path file, long step, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("the run ended before a checkpoint at step %d was seen", step).isTrue();
            if (Files.exists(file)) {
                try {
                    long s = Checkpoint.read(file).step();
                    if (s >= step) return s;
                } catch (CheckpointException renamedWhileReading) {
                    // The next checkpoint replaced it while we read; look again.
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no checkpoint at step " + step + " within 5 minutes");
    }

    /** Starts jnn in its own JVM, output into {@code logDir}/log.txt. */
    private static Process jnn(Path logDir, String... args) throws Exception {
        Files.createDirectories(logDir);
        return ChildJnn.start(logDir.resolve("log.txt"), args);
    }

    private static String log(Path logDir) throws Exception {
        return Files.readString(logDir.resolve("log.txt"), StandardCharsets.UTF_8);
    }
}
