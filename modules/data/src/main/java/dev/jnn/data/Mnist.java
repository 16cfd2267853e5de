package dev.jnn.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * MNIST and every data set stored under MNIST's four file names: Fashion-MNIST, EMNIST digits
 * (renamed), torchvision's {@code MNIST/raw} folder.
 *
 * <p>A folder is accepted when it holds {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte},
 * each raw or {@code .gz}, either directly or in one of the sub-folders {@code raw},
 * {@code MNIST/raw} or {@code FashionMNIST/raw} (where torchvision leaves them). Raw files are preferred
 * over {@code .gz} when both exist. Images and labels must agree in count; labels must be 0..9.
 * EMNIST's files keep their images transposed (as torchvision also leaves them); they load, but
 * look mirrored along the diagonal.
 *
 * <pre>{@code
 * Path dir = DataDirectory.resolve(null);          // ~/.jnn/data/mnist, or $JNN_DATA
 * ImageDataset train = Mnist.train(dir);            // 60000 images of 1x28x28
 * }</pre>
 */
public final class Mnist {
    /** Image file of the training split. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    /** Label file of the training split. */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    /** Image file of the test split. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    /** Label file of the test split. */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** The four standard file names, without {@code .gz}. */
    public static final List<String> FILE_NAMES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
    /** Number of classes (digits 0..9). */
    public static final int NUM_CLASSES = 10;

    private Mnist() {}

    /** The 60,000-image training split in {@code dir}; see the class comment for what is accepted. */
    public static ImageDataset train(Path dir) throws IOException {
        return load(dir, true);
    }

    /** The 10,000-image test split in {@code dir}. */
    public static ImageDataset test(Path dir) throws IOException {
        return load(dir, false);
    }

    /**
     * The training ({@code train = true}) or test split in {@code dir}.
     *
     * @throws java.io.FileNotFoundException if files are missing (the message lists them and says how
     *     to get them)
     * @throws DataFormatException if a file is damaged or images and labels disagree
     */
    public static ImageDataset load(Path dir, boolean train) throws IOException {
        Path folder = locate(dir);
        Path imagesFile = file(folder, train ? TRAIN_IMAGES : TEST_IMAGES);
        Path labelsFile = file(folder, train ? TRAIN_LABELS : TEST_LABELS);
        IdxImages images = IdxReader.readImages(imagesFile);
        byte[] labels = IdxReader.readLabels(labelsFile, NUM_CLASSES);
        if (images.count() != labels.length) {
            throw new DataFormatException(imagesFile, "count mismatch: it holds " + images.count()
                    + " images but " + labelsFile.getFileName() + " holds " + labels.length
                    + " labels; the two files come from different data sets or one is damaged");
        }
        return ImageDataset.of(train ? "train" : "test", images.pixels(), labels, 1, images.rows(), images.cols(),
                NUM_CLASSES);
    }

    /** Whether {@code dir} (or one of the accepted sub-folders) holds all four files. */
    public static boolean isPresent(Path dir) {
        try {
            return MnistFolder.scan(dir).complete();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The folder under {@code dir} that holds the four files.
     *
     * @throws java.io.FileNotFoundException naming what is missing where, and how to get it
     */
    public static Path locate(Path dir) throws IOException {
        MnistFolder found = MnistFolder.scan(dir);
        if (found.complete()) {
            return found.folder();
        }
        throw new java.io.FileNotFoundException("MNIST files not found in " + dir + " (nor in its raw, MNIST/raw"
                + " or FashionMNIST/raw folder): missing " + found.describeMissing()
                + "; run 'jnn fetch-data', pass --data-dir, set JNN_DATA, or put the four IDX files there by hand");
    }

    private static Path file(Path folder, String name) {
        return MnistFolder.existing(folder, name);
    }
}
