package dev.jnn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.app.models.NnCatalog;
import dev.jnn.app.wiring.ModelFiles;
import dev.jnn.testing.VectorBackendScope;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad input: a non-zero exit code and exactly one clear line on standard error, no stack trace. */
@ExtendWith(VectorBackendScope.class)
class BadInputTest {
    @TempDir
    Path dir;

    private static CliRun fails(int code, String... args) {
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as("exit code of %s; stderr: %s", String.join(" ", args), r.err()).isEqualTo(code);
        assertThat(r.errLines()).as("stderr").hasSize(1);
        assertThat(r.err()).doesNotContain("\tat ", "Exception:");
        return r;
    }

    @Test
    void unknownModelListsTheValidOnes() {
        assertThat(fails(2, "train", "--model", "resnet").err())
                .contains("unknown model 'resnet'; valid: mlp, bn-mlp, cnn, lenet, linear, speedrun");
    }

    @Test
    void unknownModelInSummaryEvaluateAndPredict() {
        assertThat(fails(2, "summary", "--model", "vgg").err()).contains("unknown model 'vgg'");
        assertThat(fails(2, "evaluate", "--model", "vgg", "--weights", "x.safetensors").err()).contains("unknown model 'vgg'");
        assertThat(fails(2, "predict", "--model", "vgg", "--weights", "x.safetensors").err()).contains("unknown model 'vgg'");
    }

    @Test
    void unknownBackendListsTheOnesFound() {
        assertThat(fails(2, "train", "--backend", "tpu").err()).contains("--backend tpu: backend 'tpu' not found; found: ").contains("vector");
    }

    @Test
    void cudaWithoutItsModuleOrAGpuIsRefused() {
        CliRun r = CliRun.of("train", "--backend", "cuda", "--max-steps", "1");
        // Without the cuda module it is unknown (2); with it but no GPU, the registry's reason (1).
        assertThat(r.code()).isIn(1, 2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("'cuda'");
    }

    @Test
    void unknownOptimizerListsTheValidOnes() {
        assertThat(fails(2, "train", "--optimizer", "sgdw").err()).contains("unknown optimizer 'sgdw'; valid: sgd, adam, adamw, "
                + "adagrad, rmsprop, adadelta, adamax, sparse-adam, asgd, lbfgs, rprop");
    }

    @Test
    void unknownScheduler() {
        assertThat(fails(2, "train", "--scheduler", "warmup").err()).contains("unknown scheduler 'warmup'; valid: none, step");
    }

    @Test
    void nonPositiveBatchSizeEpochsAndLearningRate() {
        assertThat(fails(2, "train", "--batch-size", "0").err()).contains("--batch-size must be at least 1, got 0");
        assertThat(fails(2, "train", "--batch-size", "-5").err()).contains("--batch-size must be at least 1, got -5");
        assertThat(fails(2, "train", "--epochs", "0").err()).contains("--epochs must be at least 1, got 0");
        assertThat(fails(2, "train", "--epochs", "-1").err()).contains("--epochs must be at least 1, got -1");
        assertThat(fails(2, "train", "--lr", "0").err()).contains("--lr must be a positive number, got 0.0");
        assertThat(fails(2, "train", "--lr", "-0.1").err()).contains("--lr must be a positive number, got -0.1");
    }

    @Test
    void malformedNumbersAndUnknownFlagsAreUsageErrors() {
        assertThat(fails(2, "train", "--epochs", "three").err()).contains("'three'").contains("jnn train --help");
        assertThat(fails(2, "train", "--colour").err()).contains("--colour");
        assertThat(fails(2, "evaluate").err()).contains("--weights");
        assertThat(fails(2).err()).contains("missing command");
    }

    @Test
    void aDataFolderThatIsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("mnist"), "not a folder");
        assertThat(fails(2, "train", "--data-dir", file.toString()).err()).contains("--data-dir " + file + " is a file, not a folder");
        assertThat(fails(2, "fetch-data", "--data-dir", file.toString()).err()).contains("is a file, not a folder");
    }

    @Test
    void aDamagedDataFolderNamesTheFile() throws Exception {
        Path data = Files.createDirectories(dir.resolve("mnist"));
        for (String f : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte"}) {
            Files.write(data.resolve(f), new byte[] {0, 0, 8, 1, 0, 0, 0, 9});
        }
        assertThat(fails(1, "fetch-data", "--data-dir", data.toString()).err()).contains("jnn fetch-data: ")
                .contains("idx");
        CliRun r = fails(1, "train", "--data-dir", data.toString(), "--out", dir.resolve("run").toString());
        assertThat(r.err()).contains("train-");
    }

    @Test
    void aMissingWeightsFile() {
        Path missing = dir.resolve("nothing.safetensors");
        assertThat(fails(1, "evaluate", "--weights", missing.toString()).err()).contains(missing.toString())
                .contains("does not exist");
    }

    @Test
    void aWeightsFileThatIsNotSafetensors() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.safetensors"), "this is not a safetensors file at all");
        assertThat(fails(1, "predict", "--weights", junk.toString()).err()).contains("cannot read weights file " + junk);
        assertThat(fails(1, "train", "--weights", junk.toString()).err()).contains("cannot read weights file " + junk);
    }

    @Test
    void weightsOfAnotherModelListTheMismatches() throws Exception {
        Path mlp = dir.resolve("mlp.safetensors");
        ModelFiles.save(new NnCatalog().create("mlp"), mlp, 0.1307f, 0.3081f);
        String err = fails(1, "evaluate", "--model", "cnn", "--weights", mlp.toString()).err();
        assertThat(err).contains("weights file " + mlp + " does not fit model 'cnn' (it holds model 'mlp'; pass --model mlp)")
                .contains("missing conv1.0.weight").contains("unexpected l1.weight");
    }

    @Test
    void aBadThreadCountAndValidationSplit() {
        assertThat(fails(2, "train", "--threads", "0").err()).contains("--threads must be at least 1, got 0");
        assertThat(fails(2, "train", "--val-split", "1.5").err()).contains("--val-split must be in [0, 1), got 1.5");
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRun r = CliRun.of("evaluate", "--weights", dir.resolve("none.safetensors").toString(), "--verbose");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.errLines().size()).isGreaterThan(3);
        assertThat(r.err()).contains("\tat ");
    }
}
