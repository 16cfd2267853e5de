package dev.jnn.distributed.nccl.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Where {@code libnccl.so.2} and the CUDA runtime ({@code libcudart.so.13} or {@code .12}, for
 * streams) are, searched like the cuda backend searches its libraries: an explicit file
 * ({@code JNN_NCCL_LIB}, {@code JNN_CUDART_LIB}), then folder by folder {@code JNN_CUDA_LIBS},
 * {@code LD_LIBRARY_PATH}, the system folders, and last NVIDIA's pip wheels ({@code nvidia/nccl/lib},
 * {@code nvidia/cuda_runtime/lib} under each folder {@code python3 -c "import nvidia; print(*nvidia.__path__)"}
 * prints), where PyTorch's GPU machines have NCCL.
 *
 * @param nccl the NCCL file, or null when not found
 * @param cudart the CUDA runtime file, or null when not found
 * @param searched the places searched, for the message of a miss
 */
record NcclLibraries(Path nccl, Path cudart, List<String> searched) {
    static final List<String> NCCL_NAMES = List.of("libnccl.so.2");
    static final List<String> CUDART_NAMES = List.of("libcudart.so.13", "libcudart.so.12");
    private static final List<String> SYSTEM = List.of("/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib",
            "/usr/lib/x86_64-linux-gnu", "/usr/lib64");

    /** The search as this process's environment sets it up. */
    static NcclLibraries find() {
        return find(System.getenv());
    }

    /** The search with {@code env} for the environment (tests). */
    static NcclLibraries find(Map<String, String> env) {
        List<String> searched = new ArrayList<>();
        Set<Path> dirs = new LinkedHashSet<>();
        addPathList(env.get("JNN_CUDA_LIBS"), "JNN_CUDA_LIBS", dirs, searched);
        addPathList(env.get("LD_LIBRARY_PATH"), "LD_LIBRARY_PATH", dirs, searched);
        for (String s : SYSTEM) dirs.add(Path.of(s));
        searched.add("system folders");
        Path nccl = explicit(env.get("JNN_NCCL_LIB"), "JNN_NCCL_LIB", searched);
        Path cudart = explicit(env.get("JNN_CUDART_LIB"), "JNN_CUDART_LIB", searched);
        if (nccl == null) nccl = search(dirs, NCCL_NAMES);
        if (cudart == null) cudart = search(dirs, CUDART_NAMES);
        if (nccl == null || cudart == null) {
            String python = env.getOrDefault("JNN_PYTHON", "python3");
            List<Path> wheels = nvidiaWheels(python);
            searched.add(wheels.isEmpty() ? "nvidia wheels (" + python + " has none)" : "nvidia wheels " + wheels);
            for (Path w : wheels) {
                if (nccl == null) nccl = search(List.of(w.resolve("nccl/lib")), NCCL_NAMES);
                if (cudart == null) cudart = search(List.of(w.resolve("cuda_runtime/lib")), CUDART_NAMES);
            }
        }
        return new NcclLibraries(nccl, cudart, searched);
    }

    /** What is missing, with every place searched; empty when both were found. */
    List<String> missing() {
        List<String> names = new ArrayList<>();
        if (nccl == null) names.add(String.join(" or ", NCCL_NAMES));
        if (cudart == null) names.add(String.join(" or ", CUDART_NAMES));
        if (names.isEmpty()) return List.of();
        return List.of(String.join(", ", names) + " not found (searched " + String.join(", ", searched)
                + "); NCCL comes with PyTorch's GPU wheels (nvidia-nccl-cu12) or NVIDIA's libnccl2 package");
    }

    /** The file a variable names, or null (noting a variable that names no file). */
    private static Path explicit(String file, String name, List<String> searched) {
        if (file == null || file.isBlank()) return null;
        if (Files.isRegularFile(Path.of(file))) return Path.of(file);
        searched.add(0, name + "=" + file + " (no such file)");
        return null;
    }

    private static void addPathList(String list, String name, Set<Path> dirs, List<String> searched) {
        if (list == null || list.isBlank()) {
            searched.add(name + " (unset)");
            return;
        }
        searched.add(name);
        for (String d : list.split(java.io.File.pathSeparator)) if (!d.isBlank()) dirs.add(Path.of(d));
    }

    private static Path search(Iterable<Path> dirs, List<String> names) {
        for (Path d : dirs) {
            for (String n : names) {
                Path f = d.resolve(n);
                if (Files.isRegularFile(f)) return f;
            }
        }
        return null;
    }

    /** The folders of the {@code nvidia} Python package, asked of {@code python} (10 s at most); empty when none. */
    private static List<Path> nvidiaWheels(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import nvidia; print(*nvidia.__path__, sep='\\n')")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) return List.of();
            return Arrays.stream(out.split("\\R")).filter(s -> !s.isBlank()).map(s -> Path.of(s.strip())).filter(Files::isDirectory).toList();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
