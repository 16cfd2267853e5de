package dev.jnn.backend.onednn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad {@code JNN_ONEDNN_LIB} in a fresh JVM (the environment is read once per process): the
 * provider, found on the class path through META-INF/services, reports why it is unavailable and
 * the process exits normally.
 */
class BrokenLibraryProcessTest {
    private static String classPath() {
        List<String> entries = new ArrayList<>();
        for (String p : new String[] {System.getProperty("jdk.module.path"), System.getProperty("java.class.path")}) {
            if (p != null && !p.isBlank()) entries.add(p);
        }
        entries.add(Path.of(ProbeMain.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString());
        return String.join(File.pathSeparator, entries);
    }

    private static String probe(String libPath) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", classPath(),
                ProbeMain.class.getName()).redirectErrorStream(true);
        pb.environment().put("JNN_ONEDNN_LIB", libPath);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        assertThat(p.exitValue()).as("exit code, output:\n" + out).isZero();
        return out;
    }

    @Test
    void missingLibraryIsReportedNotFatal(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("libdnnl.so.3");
        assertThat(probe(missing.toString())).contains("onednn -> unavailable: onednn: JNN_ONEDNN_LIB=" + missing)
                .contains("no such file");
    }

    @Test
    void fileThatIsNotALibraryIsReportedNotFatal(@TempDir Path dir) throws Exception {
        Path bogus = Files.writeString(dir.resolve("libdnnl.so.3"), "not a shared library");
        assertThat(probe(bogus.toString())).contains("onednn -> unavailable: onednn: JNN_ONEDNN_LIB " + bogus)
                .contains("cannot be loaded");
    }
}
