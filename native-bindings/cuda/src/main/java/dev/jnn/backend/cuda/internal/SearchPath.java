package dev.jnn.backend.cuda.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The ordered folders that library discovery looks in: {@code JNN_CUDA_LIBS}, then
 * {@code LD_LIBRARY_PATH}, then the usual system folders and {@code ldconfig -p}, then the
 * {@code nvidia/*}{@code /lib} folders of NVIDIA's pip wheels (as installed with PyTorch).
 *
 * <p>Every piece is passed in, so tests build fake library trees; {@link #fromEnvironment()} fills
 * them from this process. A folder listed twice is searched once, at its first place. The
 * wheels are asked for lazily, only when a library is in none of the earlier folders.
 */
public final class SearchPath {
    /** The folders where CUDA installers and distributions put the libraries. */
    public static final List<Path> SYSTEM_DIRS = List.of(
            Path.of("/usr/local/cuda/lib64"),
            Path.of("/usr/local/cuda/targets/x86_64-linux/lib"),
            Path.of("/usr/lib/x86_64-linux-gnu"),
            Path.of("/usr/lib64"),
            Path.of("/usr/lib/wsl/lib"));

    private final Builder primary;
    private final Supplier<NvidiaWheels> wheelSource;
    private Builder withWheels;

    private SearchPath(Builder primary, Supplier<NvidiaWheels> wheels) {
        this.primary = primary;
        this.wheelSource = wheels;
    }

    /**
     * Builds a search path from its pieces.
     *
     * @param jnnCudaLibs   the value of {@code JNN_CUDA_LIBS} (a path list), or null when unset
     * @param ldLibraryPath the value of {@code LD_LIBRARY_PATH}, or null when unset
     * @param systemDirs    the system folders, in order
     * @param ldconfigDirs  the folders of the CUDA libraries that {@code ldconfig -p} lists
     * @param wheels        the {@code nvidia} Python package folders and how they were found
     */
    public static SearchPath of(String jnnCudaLibs, String ldLibraryPath, List<Path> systemDirs,
                                List<Path> ldconfigDirs, NvidiaWheels wheels) {
        return of(jnnCudaLibs, ldLibraryPath, systemDirs, ldconfigDirs, () -> wheels);
    }

    /**
     * As {@link #of(String, String, List, List, NvidiaWheels)}, with the wheels asked for only when a
     * library is missing from every earlier folder: asking Python costs from 50 ms to seconds.
     */
    public static SearchPath of(String jnnCudaLibs, String ldLibraryPath, List<Path> systemDirs,
                                List<Path> ldconfigDirs, Supplier<NvidiaWheels> wheels) {
        Builder b = new Builder();
        b.pathList("JNN_CUDA_LIBS", jnnCudaLibs);
        b.pathList("LD_LIBRARY_PATH", ldLibraryPath);
        systemDirs.forEach(d -> b.add("system", d));
        ldconfigDirs.forEach(d -> b.add("ldconfig", d));
        return new SearchPath(b, wheels);
    }

    /**
     * The search path of this process: its environment, {@link #SYSTEM_DIRS}, {@code ldconfig -p}
     * and the {@code nvidia} package of {@code python3} (or of {@code JNN_PYTHON}).
     */
    public static SearchPath fromEnvironment() {
        Map<String, String> env = System.getenv();
        String python = env.getOrDefault("JNN_PYTHON", "python3");
        return of(env.get("JNN_CUDA_LIBS"), env.get("LD_LIBRARY_PATH"), SYSTEM_DIRS,
                Ldconfig.cudaLibraryDirs(), () -> NvidiaWheels.find(python));
    }

    /** The folders before the wheels: environment, system, ldconfig, in search order. */
    public List<SearchPlace> primaryPlaces() {
        return List.copyOf(primary.places);
    }

    /** Every folder in search order, the wheels' last; asks Python for the wheels on first call. */
    public List<SearchPlace> places() {
        return List.copyOf(complete().places);
    }

    /** Every folder and note, in order, as a message lists them; asks Python for the wheels on first call. */
    public List<String> searched() {
        return List.copyOf(complete().searched);
    }

    private synchronized Builder complete() {
        if (withWheels != null) return withWheels;
        Builder b = primary.copy();
        NvidiaWheels wheels = wheelSource.get();
        if (wheels.packageDirs().isEmpty()) {
            b.searched.add("nvidia wheels (" + wheels.note() + ")");
        }
        for (Path pkg : wheels.packageDirs()) {
            List<Path> libs = wheelLibDirs(pkg);
            if (libs.isEmpty()) b.searched.add("nvidia wheel:" + pkg + " (no */lib folders)");
            libs.forEach(d -> b.add("nvidia wheel", d));
        }
        withWheels = b;
        return b;
    }

    // The wheels put libraries in nvidia/<package>/lib (CUDA 12: nvidia/cublas/lib) or, for CUDA 13,
    // in one shared nvidia/cu13/lib; both match <package dir>/*/lib.
    private static List<Path> wheelLibDirs(Path nvidiaPackage) {
        if (!Files.isDirectory(nvidiaPackage)) return List.of();
        try (Stream<Path> children = Files.list(nvidiaPackage)) {
            return children.map(c -> c.resolve("lib")).filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static final class Builder {
        final List<SearchPlace> places = new ArrayList<>();
        final List<String> searched = new ArrayList<>();
        final Set<Path> seen = new LinkedHashSet<>();

        Builder copy() {
            Builder b = new Builder();
            b.places.addAll(places);
            b.searched.addAll(searched);
            b.seen.addAll(seen);
            return b;
        }

        void pathList(String variable, String value) {
            if (value == null || value.isBlank()) {
                searched.add(variable + " (unset)");
                return;
            }
            for (String part : value.split(File.pathSeparator)) {
                if (!part.isBlank()) add(variable, Path.of(part.strip()));
            }
        }

        void add(String source, Path dir) {
            Path norm = dir.toAbsolutePath().normalize();
            if (!seen.add(norm)) return;
            places.add(new SearchPlace(source, norm));
            searched.add(source + ":" + norm);
        }
    }
}
