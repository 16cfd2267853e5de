package dev.jnn.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small synthetic IDX files for the tests, raw or gzip. */
final class IdxTestFiles {
    private IdxTestFiles() {}

    /** The bytes of an image file with the given header and pixel values {@code (i*7 + p) % 256}. */
    static byte[] images(int magic, int count, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
        b.putInt(magic).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < count * rows * cols; i++) {
            b.put((byte) ((i * 7 + i / (rows * cols)) % 256));
        }
        return b.array();
    }

    /** The bytes of a label file with labels {@code i % classes}. */
    static byte[] labels(int magic, int count, int classes) {
        ByteBuffer b = ByteBuffer.allocate(8 + count);
        b.putInt(magic).putInt(count);
        for (int i = 0; i < count; i++) {
            b.put((byte) (i % classes));
        }
        return b.array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** Writes {@code data} to {@code dir/name}, gzip-compressed when the name ends in .gz. */
    static Path write(Path dir, String name, byte[] data) throws IOException {
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), name.endsWith(".gz") ? gzip(data) : data);
    }

    /** Writes a full MNIST-like folder with {@code nTrain}/{@code nTest} images of 28x28. */
    static void writeMnist(Path dir, int nTrain, int nTest, boolean gz) throws IOException {
        String ext = gz ? ".gz" : "";
        write(dir, Mnist.TRAIN_IMAGES + ext, images(IdxReader.IMAGES_MAGIC, nTrain, 28, 28));
        write(dir, Mnist.TRAIN_LABELS + ext, labels(IdxReader.LABELS_MAGIC, nTrain, 10));
        write(dir, Mnist.TEST_IMAGES + ext, images(IdxReader.IMAGES_MAGIC, nTest, 28, 28));
        write(dir, Mnist.TEST_LABELS + ext, labels(IdxReader.LABELS_MAGIC, nTest, 10));
    }
}
