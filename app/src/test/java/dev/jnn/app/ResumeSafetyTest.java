package dev.jnn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.nn.safetensors.SafeTensorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --resume} is safe: a damaged or truncated checkpoint is refused with one line and the
 * folder is left byte for byte as it was; resuming twice from the same checkpoint gives the same
 * model file, byte for byte, as a run that never stopped.
 */
class ResumeSafetyTest {
    @TempDir
    Path tmp;

    private Path data;

    @BeforeEach
    void data() throws Exception {
        data = new SyntheticMnist(1, 200, 50).writeTo(tmp.resolve("data"));
    }

    private CliRun train(String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--model", "linear", "--batch-size", "50", "--no-plots",
                "--threads", "2", "--data-dir", data.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private Path finishedRun() {
        Path run = tmp.resolve("run");
        CliRun r = train("--epochs", "1", "--out", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        return run;
    }

    @Test
    void aDamagedCheckpointIsRefusedAndTheFolderLeftAsItWas() throws Exception {
        Path run = finishedRun();
        Path file = run.resolve("checkpoint.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 5] ^= 0x40;   // one bit of the data: still a well-formed safetensors file
        Files.write(file, bytes);
        Snapshot before = Snapshot.of(run);

        CliRun r = CliRun.of("train", "--resume", run.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("jnn train: checkpoint " + file + " is damaged: its content does not match"
                + " the checksum saved with it");
        before.assertUnchanged();
    }

    @Test
    void aTruncatedCheckpointIsRefusedAndTheFolderLeftAsItWas() throws Exception {
        Path run = finishedRun();
        Path file = run.resolve("checkpoint.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 1000));
        Snapshot before = Snapshot.of(run);

        CliRun r = CliRun.of("train", "--resume", run.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString().startsWith("jnn train: cannot read checkpoint " + file + ": ");
        assertThat(r.err()).doesNotContain("\tat ");
        before.assertUnchanged();
    }

    @Test
    void resumingTwiceFromOneCheckpointGivesTheSameModelAsARunNeverStopped() throws Exception {
        Path whole = tmp.resolve("whole");
        assertThat(train("--epochs", "2", "--out", whole.toString()).code()).isZero();

        // The checkpoint of a run stopped at step 6 of 8 (mid-epoch 2), as Ctrl-C leaves it: made with --max-steps,
        // which is then taken out of the command line saved in it, so that resuming goes on to the end.
        Path stopped = tmp.resolve("stopped");
        assertThat(train("--epochs", "2", "--max-steps", "6", "--out", stopped.toString()).code()).isZero();
        Path ckpt = stopped.resolve("checkpoint.safetensors");
        SafeTensorsFile f = SafeTensorsFile.read(ckpt);
        List<String> args = new ArrayList<>();
        for (int i = 0; f.metadata().containsKey("arg." + i); i++) args.add(f.metadata().get("arg." + i));
        int at = args.indexOf("--max-steps");
        args.subList(at, at + 2).clear();
        Map<String, String> meta = new LinkedHashMap<>(f.metadata());
        meta.keySet().removeIf(k -> k.startsWith("arg."));
        for (int i = 0; i < args.size(); i++) meta.put("arg." + i, args.get(i));
        SafeTensorsFile.write(ckpt, f.tensors(), meta);

        byte[][] models = new byte[2][];
        for (int i = 0; i < 2; i++) {
            Path copy = copyOf(stopped, tmp.resolve("resumed-" + i));
            CliRun r = CliRun.of("train", "--resume", copy.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("resuming from " + copy.resolve("checkpoint.safetensors") + ": step 6, epoch 2, batch 3");
            models[i] = Files.readAllBytes(copy.resolve("model.safetensors"));
        }
        assertThat(models[1]).as("the second resume").isEqualTo(models[0]);
        assertThat(models[0]).as("a run never stopped").isEqualTo(Files.readAllBytes(whole.resolve("model.safetensors")));
    }

    private static Path copyOf(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) Files.copy(p, to.resolve(p.getFileName()));
        }
        return to;
    }
}
