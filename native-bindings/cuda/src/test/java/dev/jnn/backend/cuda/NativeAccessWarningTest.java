package dev.jnn.backend.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.core.Backends;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A module-path program that finds the backends with cuda on its path but without
 * {@code --enable-native-access=dev.jnn.backend.cuda}: the probe loads no library, so the JDK prints
 * no "restricted method" warning, and cuda is unavailable naming the flag.
 */
class NativeAccessWarningTest {
    private static Path location(Class<?> c) {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().getPath());
    }

    @Test
    void withoutNativeAccessTheProbeLoadsNothingAndNamesTheFlag() throws Exception {
        String modulePath = String.join(File.pathSeparator, location(Backends.class).toString(),
                Path.of("target", "classes").toAbsolutePath().toString());
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "ALL-MODULE-PATH",
                "--patch-module", "dev.jnn.backend.cuda=" + Path.of("target", "test-classes").toAbsolutePath(),
                "-p", modulePath, "-m", "dev.jnn.backend.cuda/" + ProbeMain.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).doesNotContain("restricted method");
        assertThat(out).containsPattern("(?m)^cuda -> unavailable: .*cuda: native access is not enabled for module "
                + "dev.jnn.backend.cuda: loading the CUDA libraries.* needs java --enable-native-access=dev.jnn.backend.cuda$");
    }
}
