package dev.jnn.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jnn.nn.Layer;
import dev.jnn.nn.StateDicts;
import dev.jnn.nn.zoo.ModelZoo;
import dev.jnn.testing.VectorBackendScope;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains the seed-002 CNN for 400 steps on real MNIST (fetched into the default data folder when
 * missing) on the default backend (vector), then checks accuracy and every output file, and reads the
 * model back with evaluate and predict.
 */
@ExtendWith(VectorBackendScope.class)
class EndToEndTest {
    private static final int STEPS = 400;

    @TempDir
    Path dir;

    @Test
    void trainsTheCnnToAtLeast95PercentAndWritesEveryFile() throws Exception {
        String backend = "vector";
        Path run = dir.resolve("run");
        CliRun r = CliRun.of("train", "--max-steps", String.valueOf(STEPS),
                "--log-every", "100", "--out", run.toString());
        assertThat(r.code()).as("stderr: %s", r.err()).isZero();
        assertThat(r.out()).contains("Total params: 28,938", "backend: " + backend, "[1,   400] loss: ",
                "epoch 1/1  train loss", "stopped after 400 steps", "test accuracy");

        JsonNode json = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        double accuracy = json.get("test_accuracy").asDouble();
        System.out.printf(Locale.ROOT, "e2e %s: %d steps, test accuracy %.4f, %.1f s training, %.0f samples/s%n", backend,
                STEPS, accuracy, json.get("train_seconds").asDouble(), json.get("samples_per_second").asDouble());
        assertThat(accuracy).isGreaterThanOrEqualTo(0.95);
        assertThat(json.get("model").asText()).isEqualTo("cnn");
        assertThat(json.get("steps").asInt()).isEqualTo(STEPS);
        assertThat(json.get("epochs").asInt()).isEqualTo(1);
        assertThat(json.get("seed").asInt()).isEqualTo(1);
        assertThat(json.get("backend").asText()).startsWith(backend);
        assertThat(json.get("hyperparameters").get("optimizer").asText()).isEqualTo("adam");
        assertThat(json.get("hyperparameters").get("lr").asDouble()).isEqualTo(0.001);
        assertThat(json.get("hyperparameters").get("batch_size").asInt()).isEqualTo(50);

        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        assertThat(csv).hasSize(2);
        assertThat(csv.get(1)).startsWith("1,400,");

        for (String png : List.of("curves.png", "samples.png", "predictions.png")) {
            BufferedImage img = ImageIO.read(run.resolve(png).toFile());
            assertThat(img).as(png).isNotNull();
            assertThat(img.getWidth()).as(png).isGreaterThan(200);
        }

        Layer model = ModelZoo.create("cnn");
        Map<String, String> meta = StateDicts.load(model, run.resolve("model.safetensors"));
        assertThat(meta).containsEntry("model", "cnn").containsEntry("normalize_mean", "0.0").containsEntry("normalize_std", "1.0");

        CliRun eval = CliRun.of("evaluate", "--weights", run.resolve("model.safetensors").toString(), "--backend", backend);
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).contains(String.format(Locale.ROOT, "accuracy %.2f%%", 100 * accuracy));

        Path png = dir.resolve("pred.png");
        CliRun pred = CliRun.of("predict", "--weights", run.resolve("model.safetensors").toString(), "--count", "12",
                "--backend", backend, "--out", png.toString());
        assertThat(pred.code()).as(pred.err()).isZero();
        assertThat(pred.out().lines().filter(l -> l.startsWith("#")).count()).isEqualTo(12);
        assertThat(pred.out()).contains("#0     predicted 7  true 7");
        assertThat(ImageIO.read(png.toFile())).isNotNull();
    }

    /**
     * The speedrun recipe end to end for 150 of its 469 steps: Adam under OneCycleLR (the rate still
     * rising), batch 128, Normalize; its BatchNorm running statistics go into the model file, so that
     * evaluate gives the trainer's test accuracy. (The full epoch's 99% is a benchmark, not a test.)
     */
    @Test
    void speedrunTrainsWithItsRecipeAndItsModelFileEvaluatesToTheSameAccuracy() throws Exception {
        Path run = dir.resolve("speedrun");
        CliRun r = CliRun.of("train", "--model", "speedrun", "--max-steps", "150", "--no-plots", "--out", run.toString());
        assertThat(r.code()).as("stderr: %s", r.err()).isZero();
        assertThat(r.out()).contains("Total params: 29,178", "batch 128", "scheduler onecycle", "Normalize(0.1307, 0.3081)");
        JsonNode json = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        double accuracy = json.get("test_accuracy").asDouble();
        assertThat(accuracy).isGreaterThanOrEqualTo(0.9);
        assertThat(json.get("hyperparameters").get("optimizer").asText()).isEqualTo("adam");
        assertThat(json.get("hyperparameters").get("batch_size").asInt()).isEqualTo(128);

        Layer model = ModelZoo.create("speedrun");
        Map<String, String> meta = StateDicts.load(model, run.resolve("model.safetensors"));
        assertThat(meta).containsEntry("model", "speedrun").containsEntry("normalize_mean", "0.1307");
        assertThat(dev.jnn.nn.safetensors.SafeTensorsFile.read(run.resolve("model.safetensors")).tensors()
                .get("conv1.1.num_batches_tracked").toLongArray()).containsExactly(150L);
        // Without --model, evaluate and predict take the model the file names.
        CliRun eval = CliRun.of("evaluate", "--weights", run.resolve("model.safetensors").toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).contains(String.format(Locale.ROOT, "accuracy %.2f%%", 100 * accuracy));
        CliRun pred = CliRun.of("predict", "--weights", run.resolve("model.safetensors").toString(), "--count", "3",
                "--out", dir.resolve("speedrun.png").toString());
        assertThat(pred.code()).as(pred.err()).isZero();
        assertThat(pred.out()).contains("#0     predicted 7  true 7");
        CliRun wrong = CliRun.of("evaluate", "--model", "cnn", "--weights", run.resolve("model.safetensors").toString());
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err()).contains("does not fit model 'cnn' (it holds model 'speedrun'; pass --model speedrun)");
    }

    @Test
    void aDivergingRunStopsNamingTheStepAndStillWritesItsMetrics() throws Exception {
        Path run = dir.resolve("nan");
        CliRun r = CliRun.of("train", "--model", "mlp", "--lr", "1000", "--momentum", "0.9", "--max-steps", "50",
                "--out", run.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).matches("(?s)jnn train: training diverged: (the loss became (NaN|infinite)|the gradient of "
                + "\\S+ is not finite \\(its norm is (NaN|infinite)\\)) at step \\d+ \\(epoch 1, batch \\d+\\); "
                + "the last finite loss was .* at step \\d+\\. Try a lower learning rate or --clip-grad-norm\\s*");
        JsonNode json = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        assertThat(json.get("stop_reason").asText()).isEqualTo("diverged");
        assertThat(Files.exists(run.resolve("model.safetensors"))).as("NaN weights are not saved").isFalse();
    }

    @Test
    void optimizerArgumentsInitAndDropoutAreRecordedAndTheModelStaysLoadable() throws Exception {
        Path run = dir.resolve("flags");
        CliRun r = CliRun.of("train", "--model", "linear", "--optimizer", "adam", "--betas", "0.8,0.99", "--amsgrad", "--init",
                "xavier-uniform", "--dropout", "0.1", "--max-steps", "30", "--no-plots", "--out", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("(dropout): Dropout(p=0.1, inplace=False)")
                .contains("recipe: Adam(lr=0.001, betas=(0.8, 0.99), eps=1e-8, weight_decay=0, amsgrad=True, maximize=False), "
                        + "batch 64, 1 epoch, ToTensor, seed 1, init xavier-uniform, dropout 0.1");
        JsonNode hp = new ObjectMapper().readTree(run.resolve("metrics.json").toFile()).get("hyperparameters");
        assertThat(hp.get("optimizer").asText()).isEqualTo("adam");
        assertThat(hp.get("lr").asDouble()).isEqualTo(0.001);
        assertThat(hp.get("betas").toString()).isEqualTo("[0.8,0.99]");
        assertThat(hp.get("eps").asDouble()).isEqualTo(1e-8);
        assertThat(hp.get("weight_decay").asDouble()).isZero();
        assertThat(hp.get("amsgrad").asBoolean()).isTrue();
        assertThat(hp.get("maximize").asBoolean()).isFalse();
        assertThat(hp.get("init").asText()).isEqualTo("xavier-uniform");
        assertThat(hp.get("dropout").asDouble()).isEqualTo(0.1);
        assertThat(hp.has("momentum")).as("Adam has no momentum").isFalse();
        // Dropout has no tensors: the file loads strictly into the model without it (and into PyTorch's twin).
        Layer model = ModelZoo.create("linear");
        StateDicts.load(model, run.resolve("model.safetensors"));
        CliRun eval = CliRun.of("evaluate", "--model", "linear", "--weights", run.resolve("model.safetensors").toString());
        assertThat(eval.code()).as(eval.err()).isZero();

        Path lbfgs = dir.resolve("lbfgs");
        r = CliRun.of("train", "--model", "linear", "--optimizer", "lbfgs", "--max-iter", "4", "--history-size", "10", "--line-search",
                "strong_wolfe", "--max-steps", "3", "--no-plots", "--out", lbfgs.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("recipe: LBFGS(lr=1, max_iter=4, max_eval=5, tolerance_grad=1e-7, tolerance_change=1e-9, "
                + "history_size=10, line_search_fn='strong_wolfe'), batch 64");
        hp = new ObjectMapper().readTree(lbfgs.resolve("metrics.json").toFile()).get("hyperparameters");
        assertThat(hp.get("max_iter").isIntegralNumber()).isTrue();
        assertThat(hp.get("max_iter").asInt()).isEqualTo(4);
        assertThat(hp.get("max_eval").asInt()).as("PyTorch's default, max_iter * 5 / 4").isEqualTo(5);
        assertThat(hp.get("history_size").asInt()).isEqualTo(10);
        assertThat(hp.get("line_search_fn").asText()).isEqualTo("strong_wolfe");
        assertThat(hp.get("tolerance_grad").asDouble()).isEqualTo(1e-7);
    }

    @Test
    void noPlotsWritesEveryFileButThePngs() throws Exception {
        Path run = dir.resolve("no-plots");
        CliRun r = CliRun.of("train", "--model", "mlp", "--max-steps", "5", "--no-plots", "--out", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(run.resolve("metrics.json")).isRegularFile();
        assertThat(run.resolve("model.safetensors")).isRegularFile();
        for (String png : List.of("curves.png", "samples.png", "predictions.png")) {
            assertThat(run.resolve(png)).doesNotExist();
        }
    }
}
