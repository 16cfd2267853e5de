package dev.jnn.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * What a data folder holds of MNIST's four IDX files ({@link Mnist#FILE_NAMES}), found where
 * {@link Mnist} looks for them: in the folder itself or in its {@code raw}, {@code MNIST/raw} or
 * {@code FashionMNIST/raw} sub-folder, each file raw or {@code .gz}.
 *
 * <p>It only looks; it never changes the folder. Callers decide from it whether a folder can be
 * used as it is, completed, or must be left alone:
 *
 * <pre>{@code
 * MnistFolder f = MnistFolder.scan(dir);
 * if (!f.complete()) System.out.println("missing " + f.missing() + " in " + f.folder());
 * }</pre>
 */
public final class MnistFolder {
    /** The sub-folders searched, in order ("" is the folder itself). */
    static final List<String> SUBFOLDERS = List.of("", "raw", "MNIST/raw", "FashionMNIST/raw");

    private final Path dir;
    private final Path folder;
    private final Map<String, Path> present;
    private final List<String> missing;
    private final boolean empty;

    private MnistFolder(Path dir, Path folder, Map<String, Path> present, boolean empty) {
        this.dir = dir;
        this.folder = folder;
        this.present = Collections.unmodifiableMap(present);
        List<String> m = new ArrayList<>(Mnist.FILE_NAMES);
        m.removeAll(present.keySet());
        this.missing = List.copyOf(m);
        this.empty = empty;
    }

    /**
     * Looks into {@code dir}. The folder chosen is the first of the searched ones that holds all four
     * files, else the one holding the most of them (the first on a tie), else {@code dir} itself.
     */
    public static MnistFolder scan(Path dir) throws IOException {
        Path best = dir;
        Map<String, Path> bestFiles = new LinkedHashMap<>();
        for (String sub : SUBFOLDERS) {
            Path folder = sub.isEmpty() ? dir : dir.resolve(sub);
            Map<String, Path> files = new LinkedHashMap<>();
            for (String name : Mnist.FILE_NAMES) {
                Path f = existing(folder, name);
                if (f != null) files.put(name, f);
            }
            if (files.size() > bestFiles.size()) {
                best = folder;
                bestFiles = files;
            }
        }
        return new MnistFolder(dir, best, bestFiles, isEmpty(dir));
    }

    /** The folder as given. */
    public Path dir() {
        return dir;
    }

    /** Where the files are, or would go: {@link #dir()} or one of its searched sub-folders. */
    public Path folder() {
        return folder;
    }

    /** The files found in {@link #folder()}, by name without {@code .gz}, in {@link Mnist#FILE_NAMES}'s order. */
    public Map<String, Path> present() {
        return present;
    }

    /** The names (without {@code .gz}) not found in {@link #folder()}. */
    public List<String> missing() {
        return missing;
    }

    /** Whether all four files are there. */
    public boolean complete() {
        return missing.isEmpty();
    }

    /** Whether none of the four is there (in any searched folder). */
    public boolean none() {
        return present.isEmpty();
    }

    /**
     * Whether the folder does not exist or holds nothing but leftovers of an interrupted write
     * (jnn's temporary files); anything else in it, hidden files included, makes it not empty.
     */
    public boolean emptyFolder() {
        return empty;
    }

    /** The missing files as {@code NAME[.gz]}, each with its path relative to {@link #dir()}, joined by ", ". */
    public String describeMissing() {
        List<String> out = new ArrayList<>();
        for (String name : missing) out.add(dir.relativize(folder.resolve(name)) + "[.gz]");
        return String.join(", ", out);
    }

    /**
     * The present files whose content (uncompressed, for {@code .gz}) does not have the SHA-256 given
     * for its name; names without a checksum count as not matching.
     *
     * @param sha256 lower-case hex SHA-256 per file name, as {@link MnistFetcher#SHA256}
     * @throws IOException if a file cannot be read (a damaged {@code .gz} counts as not matching)
     */
    public List<Path> notMatching(Map<String, String> sha256) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Map.Entry<String, Path> e : present.entrySet()) {
            String expected = sha256.get(e.getKey());
            if (expected == null || !expected.equals(sha256Of(e.getValue()))) out.add(e.getValue());
        }
        return out;
    }

    /** SHA-256 of a file's content, uncompressed when its name ends in {@code .gz}; "" for a damaged {@code .gz}. */
    static String sha256Of(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            return "";
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** {@code folder/name}, else {@code folder/name.gz}, else null; raw files are preferred. */
    static Path existing(Path folder, String name) {
        Path raw = folder.resolve(name);
        if (Files.isRegularFile(raw)) return raw;
        Path gz = folder.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return !Files.exists(dir);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (!dev.jnn.core.io.AtomicFile.isTemporary(p)) return false;
            }
        }
        return true;
    }
}
