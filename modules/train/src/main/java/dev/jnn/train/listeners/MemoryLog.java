package dev.jnn.train.listeners;

import dev.jnn.core.spi.Backend;
import dev.jnn.train.RunInfo;
import dev.jnn.train.RunResult;
import dev.jnn.train.StepEvent;
import dev.jnn.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code memory.csv}: every {@code every} steps, the backend's live native bytes, the process's
 * resident set (Linux {@code /proc/self/status}, else empty) and the Java heap in use, so that long
 * runs show whether memory stays flat. Rewritten atomically at each row, like the metrics.
 */
public final class MemoryLog implements TrainingListener {
    /** The header row. */
    public static final String HEADER = "step,native_live_bytes,rss_bytes,heap_used_bytes";
    private static final Path STATUS = Path.of("/proc/self/status");

    private final Path file;
    private final FileOutput output;
    private final Backend backend;
    private final long every;
    private final List<String> rows = new ArrayList<>();

    /** Logs {@code backend}'s memory to {@code file} every {@code every} steps (at least 1). */
    public MemoryLog(Path file, Backend backend, long every) {
        this(file, backend, every, FileOutput.ATOMIC);
    }

    /** Logs {@code backend}'s memory to {@code file} through {@code output} every {@code every} steps (at least 1). */
    public MemoryLog(Path file, Backend backend, long every, FileOutput output) {
        if (every < 1) throw new IllegalArgumentException("memory log interval must be at least 1 step, got " + every);
        this.file = file;
        this.backend = backend;
        this.every = every;
        this.output = output;
    }

    @Override
    public void onStep(StepEvent s) {
        if (s.step() % every != 0) return;
        Runtime rt = Runtime.getRuntime();
        long rss = residentBytes();
        rows.add(String.format(Locale.ROOT, "%d,%d,%s,%d", s.step(), backend.liveBytes(),
                rss < 0 ? "" : String.valueOf(rss), rt.totalMemory() - rt.freeMemory()));
        write();
    }

    @Override
    public void onEnd(RunInfo run, RunResult result) {
        if (!rows.isEmpty()) write();
    }

    /** The resident set size in bytes, or -1 where {@code /proc} does not tell. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(f[0]) * 1024;   // the kernel reports kB
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc is not mounted: no figure.
        }
        return -1;
    }

    private void write() {
        try {
            String text = HEADER + "\n" + String.join("\n", rows) + "\n";
            output.write(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
