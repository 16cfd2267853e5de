package dev.jnn.backend.cuda.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The folders of the {@code nvidia} Python namespace package, where NVIDIA's pip wheels
 * ({@code nvidia-cublas}, {@code nvidia-cudnn-cu13}, …) put their libraries.
 *
 * <p>Found by asking the interpreter ({@code python3 -c "import nvidia; print(*nvidia.__path__)"})
 * rather than by scanning guessed site-packages folders: only the interpreter knows its virtual
 * environment, conda prefix and user site, and a namespace package may span several of them.
 * Importing the bare namespace package loads no CUDA code, so this takes tens of milliseconds.
 *
 * @param packageDirs the package folders, possibly empty
 * @param note        how they were found, or why none were (for messages)
 */
public record NvidiaWheels(List<Path> packageDirs, String note) {
    private static final long TIMEOUT_SECONDS = 10;

    public NvidiaWheels {
        packageDirs = List.copyOf(packageDirs);
    }

    /** Known folders, for tests and for callers that already know them. */
    public static NvidiaWheels of(List<Path> packageDirs) {
        return new NvidiaWheels(packageDirs, "given");
    }

    /** No wheels, with the reason. */
    public static NvidiaWheels none(String why) {
        return new NvidiaWheels(List.of(), why);
    }

    /** Asks {@code python} where the {@code nvidia} package lives; never throws, waits at most 10 s. */
    public static NvidiaWheels find(String python) {
        String script = "import nvidia; print(*nvidia.__path__, sep='\\n')";
        Process p;
        try {
            p = new ProcessBuilder(python, "-c", script).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return none(python + " not runnable: " + e.getMessage());
        }
        try {
            p.getOutputStream().close();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return none(python + " did not answer within " + TIMEOUT_SECONDS + " s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) return none(python + " has no 'nvidia' package");
            List<Path> dirs = Arrays.stream(out.split("\\R")).filter(s -> !s.isBlank())
                    .map(s -> Path.of(s.strip())).filter(Files::isDirectory).toList();
            return dirs.isEmpty() ? none(python + " lists no 'nvidia' folder")
                    : new NvidiaWheels(dirs, "from " + python);
        } catch (IOException e) {
            return none(python + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return none("interrupted while asking " + python);
        }
    }
}
