package dev.jnn.core.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One file being written so that readers, crashes and failures only ever see the old file or the
 * complete new one: the bytes go to a temporary file in the target's folder (same file system, so
 * the rename is atomic), which is forced to disk and renamed over the target; the folder is then
 * forced too, so the rename survives a power cut. On failure the temporary file is removed and the
 * target is left as it was.
 *
 * <pre>{@code
 * AtomicFile.writeString(run.resolve("metrics.csv"), csv);          // a whole file at once
 *
 * try (AtomicFile f = AtomicFile.create(dir.resolve("data.bin"))) {  // or filled, checked, then committed
 *     f.fill(tmp -> Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING));
 *     f.commit();                                                    // close() without commit() removes it
 * }
 * }</pre>
 *
 * <p>Temporary files are named {@code .NAME.RANDOM.jnn-tmp} (see {@link #isTemporary}) and created
 * with the permissions the umask gives a new file, so the renamed file looks like one written
 * directly. The target's folder must exist: it is never created here, so that a folder deleted
 * while jnn runs is reported rather than silently made again, empty. Failures are
 * {@link FileWriteException}s naming the target and the cause. Not thread-safe; one instance is one write.
 */
public final class AtomicFile implements AutoCloseable {
    /** The suffix of every temporary file. */
    public static final String TEMP_SUFFIX = ".jnn-tmp";

    /** Writes a file's whole content at the path it is given (the temporary file, which exists and is empty). */
    @FunctionalInterface
    public interface Content {
        /** Writes the content to {@code temp}, replacing what is there. */
        void writeTo(Path temp) throws IOException;
    }

    private final Path file;
    private final Path temp;
    private boolean finished;

    private AtomicFile(Path file, Path temp) {
        this.file = file;
        this.temp = temp;
    }

    /**
     * Writes {@code file} from {@code content} and renames it into place, replacing what was there.
     *
     * @throws FileWriteException naming {@code file} and the cause; {@code file} is then unchanged
     */
    public static void write(Path file, Content content) throws FileWriteException {
        try (AtomicFile f = create(file)) {
            f.fill(content);
            f.commit();
        }
    }

    /** Writes {@code text} as UTF-8 to {@code file}; see {@link #write}. */
    public static void writeString(Path file, String text) throws FileWriteException {
        write(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /**
     * Creates the (empty) temporary file for {@code file}; the caller fills it, then commits or closes.
     *
     * @throws FileWriteException when the folder is missing, read-only or full
     */
    public static AtomicFile create(Path file) throws FileWriteException {
        Path target = Objects.requireNonNull(file, "file").toAbsolutePath();
        if (target.getParent() == null) throw new IllegalArgumentException("not a file in a folder: " + file);
        for (int attempt = 0; ; attempt++) {
            Path temp = target.resolveSibling("." + target.getFileName() + "."
                    + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
            try {
                // Not Files.createTempFile: it makes owner-only files, and the result should look like any other file.
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return new AtomicFile(target, temp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) throw new FileWriteException(target, e);
            } catch (IOException e) {
                throw new FileWriteException(target, e);
            } catch (ReadOnlyFileSystemException e) {
                throw new FileWriteException(target, readOnly(target));
            }
        }
    }

    /** The file that is being written. */
    public Path file() {
        return file;
    }

    /** The temporary file, in the same folder, that takes the content until {@link #commit}. */
    public Path temp() {
        return temp;
    }

    /**
     * Lets {@code content} write the temporary file.
     *
     * @throws FileWriteException naming the target file and the cause (a full disk, a size limit, ...)
     */
    public void fill(Content content) throws FileWriteException {
        try {
            content.writeTo(temp);
        } catch (IOException e) {
            throw new FileWriteException(file, e);
        } catch (ReadOnlyFileSystemException e) {
            throw new FileWriteException(file, readOnly(file));
        }
    }

    /**
     * Forces the temporary file to disk and renames it over the target, replacing any file there.
     *
     * @throws FileWriteException when it cannot; the target is then unchanged
     */
    public void commit() throws FileWriteException {
        finishWith(() -> {
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Same folder, so only odd file systems get here; a plain replace is the best left.
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        });
    }

    /**
     * Like {@link #commit}, but never replaces a file: when one of that name exists (or appears
     * meanwhile), it is left as it is and this fails.
     *
     * @throws FileWriteException when a file of that name exists, or the rename fails
     */
    public void commitNew() throws FileWriteException {
        finishWith(() -> {
            try {
                // A hard link fails if the name exists, in one step; a rename would replace it.
                Files.createLink(file, temp);
                Files.delete(temp);
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (e instanceof FileAlreadyExistsException exists) throw exists;
                // No hard links here (FAT, some network file systems): check, then rename.
                Files.move(temp, file);
            }
        });
    }

    private interface Step {
        void run() throws IOException;
    }

    private void finishWith(Step rename) throws FileWriteException {
        if (finished) throw new IllegalStateException(file + " was already committed or closed");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            rename.run();
        } catch (IOException e) {
            throw new FileWriteException(file, e);
        }
        finished = true;
        syncFolder(file.getParent());
    }

    /** Makes a rename durable on Linux; file systems that cannot open a folder only lose that. */
    private static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // The file is complete and in place; only crash-durability of the rename is at stake.
        }
    }

    /** A read-only file system (an unchecked exception in java.nio) as the checked error the message is made from. */
    private static IOException readOnly(Path file) {
        return new FileSystemException(file.toString(), null, "Read-only file system");
    }

    /** Whether {@code path} names one of this class's temporary files (for removing leftovers of a crash). */
    public static boolean isTemporary(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }

    /** Whether {@code path} is a temporary file of this class for a file named {@code fileName}. */
    public static boolean isTemporaryFor(Path path, String fileName) {
        return isTemporary(path) && path.getFileName().toString().startsWith("." + fileName + ".");
    }

    /** Removes the temporary file unless it was committed; never throws (it runs after failures). */
    @Override
    public void close() {
        if (finished) return;
        finished = true;
        try {
            Files.deleteIfExists(temp);
        } catch (IOException | RuntimeException e) {
            // Best effort: the write already failed or was abandoned, and that is what gets reported.
        }
    }
}
