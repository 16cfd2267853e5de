package dev.jnn.backend.onednn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.backend.vector.VectorBackends;
import dev.jnn.core.Backends;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout an application launcher should use: jnn's modules (here core, vector and onednn) on
 * the module path (resolved with {@code --add-modules ALL-MODULE-PATH}), and the
 * {@code org.bytedeco:dnnl} jar on the class path.
 * That jar declares a module requiring JavaCPP's {@code org.bytedeco.dnnl}, so resolving it as a
 * module fails at JVM start; from the class path its native files are still found as resources.
 */
class ModulePathLaunchTest {
    private static Path location(Class<?> c) {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().getPath());
    }

    @Test
    void providerOnTheModulePathFindsTheNativesOnTheClassPath() throws Exception {
        String dnnlJar = Stream.of(System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""))
                .flatMap(p -> Arrays.stream(p.split(File.pathSeparator)))
                .filter(p -> p.endsWith("dnnl-3.13-1.5.14-linux-x86_64.jar")).findFirst().orElse(null);
        assumeTrue(dnnlJar != null, "the dnnl jar is not among the test's dependencies");
        String modulePath = String.join(File.pathSeparator, location(Backends.class).toString(),
                location(VectorBackends.class).toString(), Path.of("target", "classes").toAbsolutePath().toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--add-modules", "ALL-MODULE-PATH",
                "--enable-native-access=dev.jnn.backend.onednn",
                "--patch-module", "dev.jnn.backend.onednn=" + Path.of("target", "test-classes").toAbsolutePath(),
                "-p", modulePath, "-cp", dnnlJar, "-m", "dev.jnn.backend.onednn/" + ProbeMain.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("onednn -> available (oneDNN 3.13.");
    }
}
