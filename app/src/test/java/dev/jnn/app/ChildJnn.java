package dev.jnn.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * jnn in a JVM of its own, started the way {@code ./jnn} starts it, with this test's module path:
 * for what an in-process run cannot do (a kill, a file size limit, another working folder).
 */
final class ChildJnn {
    private ChildJnn() {
    }

    /** The command line: java with jnn's flags, module path and class path, then {@code args}. */
    static List<String> command(String... args) {
        String testPath = System.getProperty("jdk.module.path");
        assertThat(testPath).as("the tests run on the module path").isNotNull();
        // As ./jnn lays it out: oneDNN's natives jar on the class path (its module needs JavaCPP), the rest as modules.
        // Surefire puts the dependencies outside the app's module graph (Guava, which Guice needs) on the class path.
        List<String> entries = java.util.stream.Stream.of(testPath, System.getProperty("java.class.path", ""))
                .flatMap(p -> java.util.Arrays.stream(p.split(File.pathSeparator)))
                .filter(e -> e.endsWith(".jar") || e.endsWith("classes") && !e.endsWith("test-classes")).distinct().toList();
        String modulePath = entries.stream().filter(e -> !isDnnlJar(e)).collect(Collectors.joining(File.pathSeparator));
        String classPath = entries.stream().filter(ChildJnn::isDnnlJar).collect(Collectors.joining(File.pathSeparator));
        // Native access as ./jnn grants it, to the binding modules (the app depends on both, so they are there).
        String nativeAccess = "ALL-UNNAMED,dev.jnn.backend.onednn,dev.jnn.backend.cuda";
        // No perf-data file in /tmp: under a file size limit the JVM could not write it.
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "--add-modules", "jdk.incubator.vector,ALL-MODULE-PATH", "--enable-native-access=" + nativeAccess,
                "-Djava.awt.headless=true", "-Dguice_custom_class_loading=CHILD", "-cp", classPath, "-p", modulePath,
                "-m", "dev.jnn.app/dev.jnn.app.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts jnn with {@code args}, its output (both streams) going to {@code log}. */
    static Process start(Path log, String... args) throws IOException {
        return new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** What a finished child printed, and its exit code. */
    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
        }
    }

    /**
     * Runs jnn to its end in {@code workDir} under a file size limit of {@code limitKb} KiB
     * ({@code ulimit -f}: every file the process writes, the JVM's own included, stops growing there),
     * with {@code env} added to the environment. Output is read through pipes, which the limit does not cover.
     */
    static Result runLimited(Path workDir, long limitKb, Map<String, String> env, String... args) throws Exception {
        return run(workDir, String.valueOf(limitKb), env, args);
    }

    /** Runs jnn to its end in {@code workDir}, without a file size limit; see {@link #runLimited}. */
    static Result run(Path workDir, Map<String, String> env, String... args) throws Exception {
        return run(workDir, "unlimited", env, args);
    }

    private static Result run(Path workDir, String limit, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "ulimit -f " + limit + " && exec \"$@\"", "sh"));
        cmd.addAll(command(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        java.util.concurrent.CompletableFuture<String> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).as("jnn ended").isTrue();
        return new Result(p.exitValue(), out, err.get());
    }

    private static boolean isDnnlJar(String entry) {
        return Path.of(entry).getFileName().toString().startsWith("dnnl-");
    }
}
