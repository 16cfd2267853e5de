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
import org.junit.jupiter.api.Test;

/**
 * A library user's program on the module path that uses the vector backend, with onednn (and its
 * natives jar) on the path as well: without {@code --enable-native-access} for onednn, finding the
 * backends makes no restricted call, so the JDK prints none of its "restricted method" warnings,
 * and asking for onednn fails with one line naming the flag. With the flag, onednn loads.
 */
class NativeAccessWarningTest {
    private static Path location(Class<?> c) {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().getPath());
    }

    private static String run(String... javaOptions) throws Exception {
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
                "-p", modulePath, "-cp", dnnlJar, "-m", "dev.jnn.backend.onednn/" + VectorProgramMain.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void withoutNativeAccessTheProgramPrintsNoRestrictedMethodWarningAndOnednnSaysWhichFlagItNeeds() throws Exception {
        String out = run();
        assertThat(out).doesNotContain("WARNING: A restricted method", "restricted method", "--illegal-native-access");
        assertThat(out).contains("vector: sum of x @ x^T = 83.0");
        assertThat(out).containsPattern("(?m)^onednn -> unavailable: onednn: native access is not enabled for module "
                + "dev.jnn.backend.onednn: loading oneDNN 3\\.13 from \\S+ needs java --enable-native-access=dev.jnn.backend.onednn$");
        List<String> refused = out.lines().filter(l -> l.startsWith("onednn refused: ")).toList();
        assertThat(refused).singleElement().asString()
                .contains("backend 'onednn' is not available", "--enable-native-access=dev.jnn.backend.onednn");
    }

    @Test
    void withNativeAccessOnednnLoadsWithoutAWarning() throws Exception {
        String out = run("--enable-native-access=dev.jnn.backend.onednn");
        assertThat(out).doesNotContain("restricted method");
        assertThat(out).contains("onednn -> available (oneDNN 3.13.").contains("onednn: created ");
    }
}
