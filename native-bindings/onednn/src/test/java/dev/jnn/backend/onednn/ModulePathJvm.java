package dev.jnn.backend.onednn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.backend.vector.VectorBackends;
import dev.jnn.core.Backends;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a main class of this module's tests in a new JVM laid out as an application launcher should:
 * jnn's modules (core, vector, onednn with its test classes patched in) on the module path, the
 * {@code org.bytedeco:dnnl} natives jar on the class path. Skips the test when that jar is missing.
 */
final class ModulePathJvm {
    private ModulePathJvm() {
    }

    /** The output (stdout and stderr) of {@code main} run with {@code javaOptions}; fails unless it exits 0 within 60 s. */
    static String run(Class<?> main, String... javaOptions) throws Exception {
        String dnnlJar = Stream.of(System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""))
                .flatMap(p -> Arrays.stream(p.split(File.pathSeparator)))
                .filter(p -> p.endsWith("dnnl-3.13-1.5.14-linux-x86_64.jar")).findFirst().orElse(null);
        assumeTrue(dnnlJar != null, "the dnnl jar is not among the test's dependencies");
        String modulePath = String.join(File.pathSeparator, location(Backends.class).toString(),
                location(VectorBackends.class).toString(), Path.of("target", "classes").toAbsolutePath().toString());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector,ALL-MODULE-PATH"));
        cmd.addAll(List.of(javaOptions));
        cmd.addAll(List.of("--patch-module", "dev.jnn.backend.onednn=" + Path.of("target", "test-classes").toAbsolutePath(),
                "-p", modulePath, "-cp", dnnlJar, "-m", "dev.jnn.backend.onednn/" + main.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static Path location(Class<?> c) {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().getPath());
    }
}
