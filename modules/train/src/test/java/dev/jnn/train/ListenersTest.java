package dev.jnn.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jnn.data.DataLoader;
import dev.jnn.optim.SGD;
import dev.jnn.testing.VectorBackendScope;
import dev.jnn.train.listeners.ConsoleProgress;
import dev.jnn.train.listeners.CurvesPlot;
import dev.jnn.train.listeners.EpochLog;
import dev.jnn.train.listeners.MetricsCsv;
import dev.jnn.train.listeners.MetricsJson;
import dev.jnn.train.listeners.ModelFile;
import dev.jnn.train.listeners.PredictionImages;
import dev.jnn.train.listeners.SampleImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VectorBackendScope.class)
class ListenersTest {
    @TempDir
    Path dir;

    private final DataLoader train = Quadrants.loader(Quadrants.dataset("train", 400, 1), 20, true);
    private final DataLoader val = Quadrants.loader(Quadrants.dataset("val", 100, 3), 50, false);
    private final DataLoader test = Quadrants.loader(Quadrants.dataset("test", 200, 2), 50, false);

    private RunResult run(int epochs, long maxSteps, String console, Quadrants.Linear model, Object... extra) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Trainer.Builder b = Trainer.builder().model("quad", model)
                .optimizer(SGD.builder().lr(0.5).build(model.parameters()))
                .train(train).validation(val).test(test).epochs(epochs).maxSteps(maxSteps).seed(42)
                .backendDescription("vector test").hyperParameters(Map.of("lr", 0.5, "optimizer", "sgd"))
                .listeners(new ConsoleProgress(out, 5, false), new EpochLog(out),
                        new MetricsCsv(dir.resolve("metrics.csv")), new MetricsJson(dir.resolve("metrics.json")),
                        new CurvesPlot(dir.resolve("curves.png")), new SampleImages(dir.resolve("samples.png"), train, 0f, 1f),
                        new PredictionImages(dir.resolve("predictions.png"), model, test, 20, 0f, 1f));
        for (Object o : extra) b.listeners((TrainingListener) o);
        RunResult r = b.build().fit();
        consoleText = bytes.toString(StandardCharsets.UTF_8);
        return r;
    }

    private String consoleText;

    @Test
    void writesEveryFileOfARun() throws Exception {
        Quadrants.Linear model = new Quadrants.Linear();
        Path weights = dir.resolve("model.bin");
        RunResult r = run(2, 0, "", model, new ModelFile(weights, f -> Files.writeString(f, "saved")));

        List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
        assertThat(csv).hasSize(3);
        assertThat(csv.getFirst()).isEqualTo(MetricsCsv.HEADER);
        assertThat(csv.get(2).split(",", -1)).hasSize(11).startsWith("2", "20");

        JsonNode json = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        assertThat(json.get("model").asText()).isEqualTo("quad");
        assertThat(json.get("backend").asText()).isEqualTo("vector test");
        assertThat(json.get("epochs").asInt()).isEqualTo(2);
        assertThat(json.get("steps").asInt()).isEqualTo(40);
        assertThat(json.get("seed").asInt()).isEqualTo(42);
        assertThat(json.get("test_accuracy").asDouble()).isEqualTo(r.test().accuracy());
        assertThat(json.get("hyperparameters").get("optimizer").asText()).isEqualTo("sgd");
        assertThat(json.get("history")).hasSize(2);
        assertThat(json.get("train_seconds").asDouble()).isPositive();

        BufferedImage curves = ImageIO.read(dir.resolve("curves.png").toFile());
        assertThat(curves.getWidth()).isEqualTo(1280);
        assertThat(curves.getHeight()).isEqualTo(440);
        BufferedImage samples = ImageIO.read(dir.resolve("samples.png").toFile());
        assertThat(samples.getWidth()).isGreaterThan(8 * 8);
        assertThat(ImageIO.read(dir.resolve("predictions.png").toFile())).isNotNull();
        assertThat(Files.readString(weights)).isEqualTo("saved");
        // Nothing half-written is left behind.
        try (var files = Files.list(dir)) {
            assertThat(files).noneMatch(dev.jnn.core.io.AtomicFile::isTemporary);
        }
    }

    @Test
    void steadyThroughputLeavesOutTheWarmUpSteps() throws Exception {
        Quadrants.Linear model = new Quadrants.Linear();
        Path file = dir.resolve("steady.json");
        Trainer.builder().model("quad", model).optimizer(SGD.builder().lr(0.5).build(model.parameters()))
                .train(train).epochs(2).listeners(new MetricsJson(file, 15)).build().fit();
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("warmup_steps").asInt()).isEqualTo(15);
        assertThat(json.get("steady_steps").asInt()).isEqualTo(40 - 15);
        assertThat(json.get("steady_samples_per_second").asDouble()).isPositive();
        // 40 steps of 20 samples: one block, shorter than BLOCK_STEPS.
        assertThat(json.get("blocks").get("steps").asInt()).isEqualTo(MetricsJson.BLOCK_STEPS);
        assertThat(json.get("blocks").get("samples")).hasSize(1);
        assertThat(json.get("blocks").get("samples").get(0).asLong()).isEqualTo(800);
        assertThat(json.get("blocks").get("seconds").get(0).asDouble()).isPositive();

        Path shortRun = dir.resolve("short.json");
        Trainer.builder().model("quad", model).optimizer(SGD.builder().lr(0.5).build(model.parameters()))
                .train(train).maxSteps(10).listeners(new MetricsJson(shortRun, 15)).build().fit();
        JsonNode none = new ObjectMapper().readTree(shortRun.toFile());
        assertThat(none.get("steady_steps").asInt()).isZero();
        assertThat(none.get("steady_samples_per_second").isNull()).isTrue();
    }

    @Test
    void plainProgressLinesFollowTheSeedFormatAndEpochLinesSummarise() {
        run(1, 0, "", new Quadrants.Linear());
        List<String> lines = consoleText.lines().toList();
        assertThat(lines).filteredOn(l -> l.startsWith("[")).hasSize(4);
        assertThat(lines.getFirst()).matches("\\[1,     5\\] loss: \\d\\.\\d{3}");
        assertThat(lines.get(4)).matches("epoch 1/1  train loss \\d\\.\\d{4} acc \\d+\\.\\d\\d%  val loss \\d\\.\\d{4} acc "
                + "\\d+\\.\\d\\d%  test loss \\d\\.\\d{4} acc \\d+\\.\\d\\d%  lr 0\\.500  \\d+\\.\\d s  [\\d,]+ samples/s");
    }

    @Test
    void anInterruptedRunStillWritesItsMetrics() throws Exception {
        Trainer[] t = new Trainer[1];
        Quadrants.Linear model = new Quadrants.Linear();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        t[0] = Trainer.builder().model("quad", model).optimizer(SGD.builder().lr(0.5).build(model.parameters()))
                .train(train).test(test).epochs(3)
                .listeners(new TrainingListener() {
                    @Override
                    public void onStep(StepEvent s) {
                        if (s.step() == 30) t[0].requestStop();
                    }
                }, new MetricsCsv(dir.resolve("metrics.csv")), new MetricsJson(dir.resolve("metrics.json")),
                        new EpochLog(new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                .build();
        t[0].fit();
        assertThat(Files.readAllLines(dir.resolve("metrics.csv"))).hasSize(3);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        assertThat(json.get("stop_reason").asText()).isEqualTo("interrupted");
        assertThat(json.get("steps").asInt()).isEqualTo(30);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("interrupted after 30 steps");
    }
}
