package dev.jnn.app.wiring;

import dev.jnn.core.io.AtomicFile;
import dev.jnn.train.RunInfo;
import dev.jnn.train.RunResult;
import dev.jnn.train.TrainingListener;
import dev.jnn.train.listeners.FileOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A run that replaces an earlier one in the same folder ({@code train --overwrite}), as a whole and
 * only once it can stand on its own: until its first checkpoint, every file it writes waits, complete,
 * under a temporary name beside the old one; at the first checkpoint the old run's files go and the
 * waiting ones are renamed into place. A run that fails or is killed before then leaves the earlier
 * run exactly as it was (the waiting files are removed, or, after a kill, ignored and cleaned up by the
 * next run in the folder).
 *
 * <p>It is the listeners' {@link FileOutput} and must be the last listener, so that it hears the end
 * of the run after the others wrote their last files.
 */
public final class ReplacedRun implements FileOutput, TrainingListener {
    private final Path dir;
    private final List<String> oldFiles;
    private final Consumer<String> log;
    private final Map<Path, AtomicFile> waiting = new LinkedHashMap<>();
    private boolean replaced;

    /**
     * The replacement of the run in {@code dir}.
     *
     * @param oldFiles the earlier run's files there (names, see {@link RunFolder#runFilesIn})
     * @param log where to say what happened to the earlier run
     */
    public ReplacedRun(Path dir, List<String> oldFiles, Consumer<String> log) {
        this.dir = dir;
        this.oldFiles = List.copyOf(oldFiles);
        this.log = log;
    }

    /** Whether the earlier run has been replaced (the first checkpoint was saved). */
    public boolean replaced() {
        return replaced;
    }

    @Override
    public void write(Path file, AtomicFile.Content content) throws IOException {
        if (replaced) {
            AtomicFile.write(file, content);
            return;
        }
        AtomicFile f = AtomicFile.create(file);
        try {
            f.fill(content);
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
        AtomicFile earlier = waiting.put(f.file(), f);
        if (earlier != null) earlier.close();
    }

    /** The first checkpoint replaced the old one: the rest of the old run goes, the waiting files take its place. */
    @Override
    public void onCheckpoint(RunInfo run, long step, Path checkpoint) {
        if (replaced) return;
        replaced = true;
        try {
            for (String name : oldFiles) {
                Path old = dir.resolve(name);
                if (!old.toAbsolutePath().equals(checkpoint.toAbsolutePath())) Files.deleteIfExists(old);
            }
            for (AtomicFile f : new ArrayList<>(waiting.values())) {
                f.commit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } finally {
            discard();
        }
        log.accept("replaced the earlier run in " + dir + " (this run's first checkpoint is saved, at step " + step + ")");
    }

    /** A run that ends before its first checkpoint leaves nothing: the earlier run stays as it was. */
    @Override
    public void onEnd(RunInfo run, RunResult result) {
        if (replaced) return;
        discard();
        log.accept("the earlier run in " + dir + " is left as it was (this run saved no checkpoint)");
    }

    /** Removes the files still waiting (for a run that stopped with an exception before it ended). */
    public void discard() {
        waiting.values().forEach(AtomicFile::close);
        waiting.clear();
    }
}
