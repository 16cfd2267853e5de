package dev.jnn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.core.spi.BackendProvider;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Builds plugin jars at test time with the JDK's own {@code javac} and {@code jar}, against jnn's
 * core module, into a plugins folder; edits of the compiled classes make the jars broken in the
 * ways third-party jars break.
 */
final class PluginJars {
    /** A change to the compiled classes before they are packed. */
    interface Edit {
        void apply(PluginJars jars, Path classes) throws Exception;
    }

    private final Path work;
    private final Path plugins;

    PluginJars(Path work) throws IOException {
        this.work = work;
        this.plugins = Files.createDirectories(work.resolve("plugins"));
    }

    /** The plugins folder. */
    Path folder() {
        return plugins;
    }

    /**
     * Compiles the {@code .java} files of {@code files} (against core on the module path when there is
     * a module-info, else on the class path), adds the other files as they are, applies the edits and
     * packs plugins/NAME.jar.
     */
    Path jar(String name, Map<String, String> files, Edit... edits) throws Exception {
        Path src = Files.createDirectories(work.resolve(name + "-src"));
        Path classes = Files.createDirectories(work.resolve(name + "-classes"));
        List<String> javac = new ArrayList<>(List.of(tool("javac"), "-d", classes.toString(),
                files.containsKey("module-info.java") ? "-p" : "-cp", core().toString()));
        for (var e : files.entrySet()) {
            Path file = (e.getKey().endsWith(".java") ? src : classes).resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
            if (e.getKey().endsWith(".java")) javac.add(file.toString());
        }
        run(javac);
        for (Edit edit : edits) edit.apply(this, classes);
        return pack(classes, plugins.resolve(name + ".jar"));
    }

    /**
     * Zips the folder as a jar. Not with the {@code jar} tool: it refuses a module whose provider class
     * is missing, one of the broken jars wanted here.
     */
    private static Path pack(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(java.io.File.separatorChar, '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Leaves a compiled class file out of the jar. */
    static Edit leaveOut(String classFile) {
        return (jars, classes) -> Files.delete(classes.resolve(classFile));
    }

    /**
     * Replaces classes by ones compiled from {@code sources} on their own (a class path compile
     * against core), as happens when a jar is packed from stale or mixed builds:
     * javac would refuse these in the module's own compile.
     */
    static Edit recompiled(Map<String, String> sources) {
        return (jars, classes) -> {
            Path src = Files.createTempDirectory(jars.work, "recompiled-src");
            // Into a folder of their own: javac would take the module-info.class in `classes` for a module compile.
            Path out = Files.createTempDirectory(jars.work, "recompiled-classes");
            List<String> javac = new ArrayList<>(List.of(tool("javac"), "-d", out.toString(), "-cp", core().toString()));
            for (var e : sources.entrySet()) {
                Path file = src.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
                javac.add(file.toString());
            }
            run(javac);
            try (Stream<Path> files = Files.walk(out)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, classes.resolve(out.relativize(f).toString()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        };
    }

    /** Sets the major version of every class file, as a compiler for a later Java would write it. */
    static Edit classFileVersion(int major) {
        return (jars, classes) -> {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                        raf.seek(6);
                        raf.writeShort(major);
                    }
                }
            }
        };
    }

    /** The source of a working provider of backend {@code backend}, class {@code pkg.cls}. */
    static String provider(String pkg, String cls, String backend) {
        return """
                package %s;
                import dev.jnn.core.spi.*;
                public final class %s implements BackendProvider {
                    public String name() { return "%s"; }
                    public Availability probe() { return Availability.available("an example plugin"); }
                    public Backend create(BackendConfig config) { throw new IllegalStateException("an example"); }
                }""".formatted(pkg, cls, backend);
    }

    private static Path core() throws Exception {
        return Path.of(BackendProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("%s%n%s", command, out).isZero();
    }
}
