package dev.jnn.app.wiring;

import dev.jnn.core.io.AtomicFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a training run writes into its folder ({@code --out}), and how a new run finds a
 * folder of its own: the folder is the user's, so a run never writes into one that holds another
 * run unless told to ({@code --resume}, {@code --overwrite}).
 */
public final class RunFolder {
    /** Every file a run may write, by name. */
    public static final List<String> FILES = List.of("model.safetensors", TrainSettings.CHECKPOINT, "metrics.csv",
            "metrics.json", "curves.png", "samples.png", "predictions.png", "memory.csv");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunFolder() {
    }

    /** The run files (of {@link #FILES}) that {@code dir} holds as regular files; empty when it holds none or is missing. */
    public static List<String> runFilesIn(Path dir) {
        List<String> found = new ArrayList<>();
        for (String name : FILES) {
            if (Files.isRegularFile(dir.resolve(name))) found.add(name);
        }
        return found;
    }

    /**
     * The default run folder {@code parent/<model>-<timestamp>}, or with a suffix {@code -2}, {@code -3}, ...
     * when that name is taken (two runs started in the same second). Only picks a name; see {@link #claim}.
     */
    public static Path defaultFor(Path parent, String model, LocalDateTime now) {
        String base = model + "-" + now.format(STAMP);
        Path dir = parent.resolve(base);
        for (int i = 2; Files.exists(dir); i++) dir = parent.resolve(base + "-" + i);
        return dir;
    }

    /**
     * Creates the default folder {@code dir} chosen by {@link #defaultFor}, failing if it appeared meanwhile
     * (another run started at the same moment took it), so two runs never share one.
     */
    public static void claim(Path dir) throws IOException {
        if (dir.getParent() != null) Files.createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(dir.toString(), null, "another run took this folder at the same moment; run again");
        }
    }

    /**
     * Removes what an interrupted run left of its files' writes (hidden {@code .NAME.*.jnn-tmp} files
     * of the run's own file names); nothing else in the folder is touched.
     */
    public static void removeLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*" + AtomicFile.TEMP_SUFFIX)) {
            for (Path p : entries) {
                for (String name : FILES) {
                    if (AtomicFile.isTemporaryFor(p, name)) Files.deleteIfExists(p);
                }
            }
        }
    }
}
