package dev.jnn.train.listeners;

import dev.jnn.core.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * How the listeners' files reach the disk. The default, {@link #ATOMIC}, writes each file whole
 * with {@link AtomicFile} (a temporary file in the same folder, then a rename); an application
 * may pass its own, for example one that holds a run's files back until its first checkpoint so
 * that an earlier run in the same folder stays intact until then.
 */
@FunctionalInterface
public interface FileOutput {
    /** {@link AtomicFile#write}: each file replaced whole, at once. */
    FileOutput ATOMIC = AtomicFile::write;

    /**
     * Writes the whole of {@code file}: {@code content} fills a temporary file, which then takes its place.
     *
     * @throws IOException naming {@code file} and the cause ({@link dev.jnn.core.io.FileWriteException})
     */
    void write(Path file, AtomicFile.Content content) throws IOException;
}
