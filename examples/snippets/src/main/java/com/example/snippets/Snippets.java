package com.example.snippets;

import dev.jnn.core.BackendScope;
import dev.jnn.core.Functional.Reduction;
import dev.jnn.core.Generator;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.Tensor;
import dev.jnn.data.Batch;
import dev.jnn.data.DataDirectory;
import dev.jnn.data.DataLoader;
import dev.jnn.data.Epoch;
import dev.jnn.data.ImageDataset;
import dev.jnn.data.Mnist;
import dev.jnn.data.MnistFetcher;
import dev.jnn.data.SampleGrid;
import dev.jnn.data.transforms.Interpolation;
import dev.jnn.data.transforms.Normalize;
import dev.jnn.data.transforms.RandomRotation;
import dev.jnn.data.transforms.RandomShift;
import dev.jnn.data.transforms.ToTensor;
import dev.jnn.nn.CrossEntropyLoss;
import dev.jnn.nn.Layer;
import dev.jnn.nn.Loss;
import dev.jnn.nn.StateDicts;
import dev.jnn.nn.Summary;
import dev.jnn.nn.zoo.ModelZoo;
import dev.jnn.optim.Adam;
import dev.jnn.optim.Optimizer;
import dev.jnn.train.RunResult;
import dev.jnn.train.Trainable;
import dev.jnn.train.Trainer;
import dev.jnn.train.listeners.ConsoleProgress;
import dev.jnn.train.listeners.CurvesPlot;
import dev.jnn.train.listeners.EpochLog;
import dev.jnn.train.listeners.MetricsCsv;
import dev.jnn.train.listeners.MetricsJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The code of the modules' READMEs (data, nn, train), each between "README" markers, with what it
 * needs around it. jnn's test command compiles this and runs it; the docs check finds each README
 * block here, line for line.
 */
public final class Snippets {
    private Snippets() {
    }

    public static void main(String[] args) throws Exception {
        Path runDir = Files.createTempDirectory("jnn-snippets");
        try (BackendScope cpu = BackendScope.open("vector")) {
            data(null, runDir, 1);
            nn(runDir);
            train(runDir);
        }
        System.out.println("snippets ran: data, nn, train; files in " + runDir);
    }

    static void data(Path folderOrNull, Path runDir, long seed) throws Exception {
        int e = 0;
        int startBatch = 840;                                 // of 844: the last few batches
        // README modules/data: begin
        Path dir = MnistFetcher.standard().fetch(DataDirectory.resolve(folderOrNull));   // adds only what is missing, SHA-256 checked
        ImageDataset train = Mnist.train(dir), test = Mnist.test(dir);    // uint8 in memory
        ImageDataset.Split split = train.split(0.1, seed);                 // disjoint, covers the set

        DataLoader loader = DataLoader.builder(split.train())
                .batchSize(64).shuffle(true).seed(seed).dropLast(false)
                .transforms(new RandomRotation(10, Interpolation.BILINEAR, seed), new RandomShift(2, seed),
                            new ToTensor(), Normalize.mnist())
                .build();
        try (Epoch epoch = loader.epoch(e, startBatch)) {                 // startBatch > 0 resumes mid-epoch
            for (Batch b : epoch) {
                Tensor images = b.images(), labels = b.labels();         // [N,1,28,28] and [N], on the current backend
                SampleGrid.writePng(SampleGrid.builder().normalization(0.1307f, 0.3081f).labels(b.labelArray()).build()
                        .render(b), runDir.resolve("samples.png"));        // the batch as a picture (b.imageArray())
            }
        }
        // README modules/data: end
        if (test.size() != 10_000 || !Files.exists(runDir.resolve("samples.png"))) throw new AssertionError("data snippet");
    }

    static void nn(Path dir) throws Exception {
        Tensor images = Tensor.zeros(8, 1, 28, 28);
        Tensor labels = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 8);
        // README modules/nn: begin
        Generator.seedGlobal(0);                                   // fixes every layer's default init
        Layer model = ModelZoo.create("cnn");                     // mlp, bn-mlp, cnn, lenet, linear, speedrun
        System.out.println(Summary.of(model, 1, 1, 28, 28));       // print(model) + output shapes + counts
        Loss criterion = new CrossEntropyLoss(Reduction.MEAN, 0.1f);   // label smoothing 0.1
        try (MemoryScope step = MemoryScope.open()) {
            model.zeroGrad();
            Tensor loss = criterion.apply(model.call(images), labels);    // labels: integer-valued floats [N]
            loss.backward();
            // an optimizer from dev.jnn.optim updates model.parameters()
        }
        model.eval();                                              // dropout off, batch norm on running stats
        StateDicts.save(model, dir.resolve("cnn.safetensors"), Map.of("format", "pt"));
        StateDicts.load(ModelZoo.create("cnn"), dir.resolve("cnn.safetensors"));   // checks before it copies
        // README modules/nn: end
    }

    static void train(Path dir) throws Exception {
        Path data = MnistFetcher.standard().fetch(DataDirectory.resolve(null));
        DataLoader trainLoader = DataLoader.builder(Mnist.train(data)).batchSize(50).shuffle(true).seed(1)
                .transforms(new ToTensor()).build();
        DataLoader valLoader = null;
        DataLoader testLoader = DataLoader.builder(Mnist.test(data)).batchSize(1000).transforms(new ToTensor()).build();
        // README modules/train: begin
        Layer net = ModelZoo.create("cnn");
        Optimizer opt = Adam.builder().lr(1e-3).build(net.parameters());
        RunResult r = Trainer.builder()
                .model("cnn", Trainable.of(net)).loss(dev.jnn.train.Loss.crossEntropy()).optimizer(opt)
                .scheduler(null, false)                       // or new StepLR(opt, 5, 0.1), false; OneCycleLR: true (per batch)
                .train(trainLoader).validation(valLoader).test(testLoader)
                .epochs(1).maxSteps(30).seed(1)
                .listeners(ConsoleProgress.forStdout(10), new EpochLog(System.out),
                           new MetricsCsv(dir.resolve("metrics.csv")), new MetricsJson(dir.resolve("metrics.json")),
                           new CurvesPlot(dir.resolve("curves.png")))
                .stopOnShutdown(true)                         // Ctrl-C ends after the step and still writes the files
                .build().fit();
        // README modules/train: end
        if (r.steps() != 30) throw new AssertionError("train snippet ran " + r.steps() + " steps");
    }
}
