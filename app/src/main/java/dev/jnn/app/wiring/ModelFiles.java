package dev.jnn.app.wiring;

import dev.jnn.app.models.ZooModel;
import dev.jnn.nn.StateDictMismatchException;
import dev.jnn.nn.safetensors.SafeTensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Model files: safetensors with PyTorch's state_dict names, and {@code __metadata__} giving the model
 * name and the input normalisation it was trained with ({@code format: pt}, as PyTorch's
 * safetensors writer sets it).
 */
public final class ModelFiles {
    /** Metadata key: the zoo model name. */
    public static final String MODEL = "model";
    /** Metadata key: Normalize's mean the model expects ("0" without normalisation). */
    public static final String MEAN = "normalize_mean";
    /** Metadata key: Normalize's std the model expects ("1" without normalisation). */
    public static final String STD = "normalize_std";

    private ModelFiles() {
    }

    /** Writes {@code model}'s state dict to {@code file}, atomically. */
    public static void save(ZooModel model, Path file, float mean, float std) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("framework", "jnn");
        meta.put(MODEL, model.name());
        meta.put(MEAN, Float.toString(mean));
        meta.put(STD, Float.toString(std));
        SafeTensorsFile.write(file, model.stateDict(), meta);
    }

    /**
     * Loads {@code file} into {@code model} and returns the file's metadata.
     *
     * @throws IOException one line: the file is missing, unreadable or not safetensors
     * @throws IllegalArgumentException one line listing the tensors that do not fit the model
     */
    public static Map<String, String> load(ZooModel model, Path file) throws IOException {
        return load(model, read(file), file);
    }

    /**
     * Reads the model file {@code file} (tensors and metadata), checked.
     *
     * @throws IOException one line: the file is missing, unreadable or not safetensors
     */
    public static SafeTensorsFile read(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file + " (the --weights file does not exist)");
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw new IOException("cannot read weights file " + file + ": " + (Files.isDirectory(file) ? "it is a folder" : "permission denied"));
        }
        try {
            return SafeTensorsFile.read(file);
        } catch (IOException e) {
            throw new IOException("cannot read weights file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads {@code f}, read from {@code file}, into {@code model} and returns its metadata.
     *
     * @throws IllegalArgumentException one line listing the tensors that do not fit the model
     */
    public static Map<String, String> load(ZooModel model, SafeTensorsFile f, Path file) {
        try {
            model.loadStateDict(f.tensors());
        } catch (IllegalArgumentException e) {
            String problems = e instanceof StateDictMismatchException m ? summarize(m.problems()) : e.getMessage();
            String from = f.metadata().get(MODEL);
            throw new IllegalArgumentException(String.format(Locale.ROOT, "weights file %s does not fit model '%s'%s: %s",
                    file, model.name(), from == null || from.equals(model.name()) ? "" : " (it holds model '" + from
                            + "'; pass --model " + from + ")", problems), e);
        }
        return f.metadata();
    }

    /** At most eight problems, then how many more. */
    private static String summarize(List<String> problems) {
        int shown = Math.min(8, problems.size());
        return String.join("; ", problems.subList(0, shown))
                + (problems.size() > shown ? "; and " + (problems.size() - shown) + " more" : "");
    }

    /** The normalisation a file's metadata records, or {@code fallback} {mean, std}. */
    public static float[] normalization(Map<String, String> meta, float[] fallback) {
        try {
            if (meta.containsKey(MEAN) && meta.containsKey(STD)) {
                return new float[] {Float.parseFloat(meta.get(MEAN)), Float.parseFloat(meta.get(STD))};
            }
        } catch (NumberFormatException ignored) {
            // A file written by another tool: use the recipe's normalisation.
        }
        return fallback;
    }
}
