package dev.jnn.core.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A file could not be written; the one-line message names the file and the cause in plain words
 * ("no space left on device", "read-only file system", "the folder ... does not exist"), and says
 * whether the file that was there before is unchanged (it always is when {@link AtomicFile} wrote).
 */
public final class FileWriteException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String reason;

    /**
     * The failure to write {@code file}, caused by {@code cause}.
     *
     * @param file the file that was being written (not its temporary name)
     * @param cause the I/O error; its reason is put in plain words, see {@link #reasonOf}
     */
    public FileWriteException(Path file, IOException cause) {
        this(file, reasonOf(cause, file), cause);
    }

    private FileWriteException(Path file, String reason, IOException cause) {
        super("cannot write " + file + ": " + reason + (Files.isRegularFile(file) ? "; the file there before is unchanged" : ""),
                cause);
        this.file = file;
        this.reason = reason;
    }

    /** The file that could not be written. */
    public Path file() {
        return file;
    }

    /** Why, in a few words, e.g. {@code no space left on device}. */
    public String reason() {
        return reason;
    }

    /**
     * The cause of a failed write to {@code file} in a few lower-case words. The JDK reports the
     * operating system's error text ({@code strerror}), in a message or as a
     * {@link FileSystemException}'s reason; a few common ones are put in terms of what to do.
     */
    public static String reasonOf(IOException e, Path file) {
        if (e instanceof FileWriteException w) return w.reason();
        Path folder = file.toAbsolutePath().getParent();
        if (e instanceof NoSuchFileException && folder != null && !Files.isDirectory(folder)) {
            return "the folder " + folder + " does not exist (was it deleted or moved?)";
        }
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileAlreadyExistsException) return "a file of that name appeared meanwhile (left as it is)";
        String text = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        if (text == null || text.isBlank()) return e.getClass().getSimpleName();
        String lower = text.toLowerCase(Locale.ROOT);
        // Jimfs and some FUSE file systems word a full disk their own way.
        if (lower.contains("no space left") || lower.contains("out of disk space") || lower.contains("disk quota")) {
            return "no space left on device";
        }
        if (lower.contains("read-only file system")) return "read-only file system";
        // EFBIG: the process's file size limit (RLIMIT_FSIZE; the JVM ignores SIGXFSZ) or the file system's.
        if (lower.contains("file too large")) return "file too large (over the file size limit, see 'ulimit -f')";
        if (lower.contains("is a directory") || e instanceof java.nio.file.DirectoryNotEmptyException) {
            return "a folder of that name is in the way";
        }
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
