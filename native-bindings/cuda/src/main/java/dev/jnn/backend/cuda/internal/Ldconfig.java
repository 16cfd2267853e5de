package dev.jnn.backend.cuda.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The folders of CUDA libraries in the dynamic linker's cache ({@code ldconfig -p}). */
final class Ldconfig {
    private static final List<Path> CANDIDATES = List.of(Path.of("/sbin/ldconfig"), Path.of("/usr/sbin/ldconfig"));

    private Ldconfig() {
    }

    /**
     * The distinct folders of the cache's entries for the libraries jnn loads; empty when ldconfig is
     * missing, slow (over 2 s) or fails, since the cache only repeats folders searched anyway.
     */
    static List<Path> cudaLibraryDirs() {
        Path exe = CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (exe == null) return List.of();
        try {
            Process p = new ProcessBuilder(exe.toString(), "-p").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return List.of();
            }
            return parse(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Parses lines such as {@code libcuda.so.1 (libc6,x86-64) => /usr/lib/wsl/lib/libcuda.so.1}. */
    static List<Path> parse(String output) {
        return output.lines().map(String::strip)
                .filter(l -> l.contains("=>"))
                .filter(l -> CUDA_NAMES.stream().anyMatch(n -> l.startsWith(n)))
                .map(l -> Path.of(l.substring(l.indexOf("=>") + 2).strip()).getParent())
                .filter(d -> d != null).distinct().toList();
    }

    private static final List<String> CUDA_NAMES = java.util.Arrays.stream(CudaLibrary.values())
            .flatMap(l -> l.fileNames().stream()).map(n -> n + " ").toList();
}
