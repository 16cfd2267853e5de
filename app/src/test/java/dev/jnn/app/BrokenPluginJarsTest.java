package dev.jnn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.core.spi.BackendProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real plugin jars that are broken in the ways third-party code breaks: a provider whose
 * {@code probe()} throws, and a provider whose class needs a class the jar does not ship. Each
 * jar is compiled and packed here with the JDK's own {@code javac} and {@code jar}, dropped into
 * a plugins folder, and {@code jnn backends} must list it as unavailable with the reason while the
 * built-in backends keep working.
 */
class BrokenPluginJarsTest {
    @TempDir
    static Path work;

    static Path plugins;

    @BeforeAll
    static void buildPluginJars() throws Exception {
        plugins = Files.createDirectories(work.resolve("plugins"));
        buildJar("throwing", Map.of(
                "module-info.java", """
                        module com.example.throwing {
                            requires dev.jnn.core;
                            provides dev.jnn.core.spi.BackendProvider with com.example.throwing.ThrowingProvider;
                        }""",
                "com/example/throwing/ThrowingProvider.java", """
                        package com.example.throwing;
                        import dev.jnn.core.spi.*;
                        public final class ThrowingProvider implements BackendProvider {
                            public String name() { return "throwing"; }
                            public Availability probe() { throw new IllegalStateException("driver exploded"); }
                            public Backend create(BackendConfig config) { throw new IllegalStateException("unavailable"); }
                        }"""), List.of());
        // The provider's probe() uses a helper class that is compiled but left out of the jar.
        buildJar("missingclass", Map.of(
                "module-info.java", """
                        module com.example.missingclass {
                            requires dev.jnn.core;
                            provides dev.jnn.core.spi.BackendProvider with com.example.missingclass.NeedsHelperProvider;
                        }""",
                "com/example/missingclass/Helper.java", """
                        package com.example.missingclass;
                        final class Helper { static String version() { return "1.0"; } }""",
                "com/example/missingclass/NeedsHelperProvider.java", """
                        package com.example.missingclass;
                        import dev.jnn.core.spi.*;
                        public final class NeedsHelperProvider implements BackendProvider {
                            public String name() { return "missingclass"; }
                            public Availability probe() { return Availability.available(Helper.version()); }
                            public Backend create(BackendConfig config) { throw new IllegalStateException("unavailable"); }
                        }"""), List.of("com/example/missingclass/Helper.class"));
    }

    @Test
    void aProviderThatThrowsInProbeIsListedAsUnavailableWithTheReason() {
        CliRun r = CliRun.of("backends", "--plugins", plugins.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).containsPattern("(?m)^throwing +not available\\R +because probe\\(\\) failed: "
                + "java.lang.IllegalStateException: driver exploded\\R +from com.example.throwing ");
    }

    @Test
    void aProviderWithAMissingClassIsListedAsUnavailableWithTheReason() {
        CliRun r = CliRun.of("backends", "--plugins", plugins.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("(?m)^missingclass +not available\\R +because probe\\(\\) failed: "
                + "java.lang.NoClassDefFoundError: com/example/missingclass/Helper\\R +from com.example.missingclass ");
    }

    @Test
    void theBuiltInBackendsStillWorkBesideBrokenPlugins() {
        CliRun r = CliRun.of("backends", "--plugins", plugins.toString());
        assertThat(r.out()).containsPattern("(?m)^vector +available$");
        CliRun train = CliRun.of("train", "--plugins", plugins.toString(), "--backend", "throwing", "--model", "linear");
        assertThat(train.code()).isEqualTo(1);
        assertThat(train.errLines()).hasSize(1);
        assertThat(train.err()).contains("throwing").contains("driver exploded");
    }

    /** Compiles the sources against jnn's core module and packs them, minus {@code leaveOut}, into plugins/NAME.jar. */
    private static void buildJar(String name, Map<String, String> sources, List<String> leaveOut) throws Exception {
        Path src = Files.createDirectories(work.resolve(name + "-src"));
        Path classes = Files.createDirectories(work.resolve(name + "-classes"));
        List<String> javac = new ArrayList<>(List.of(tool("javac"), "-d", classes.toString(),
                "-p", Path.of(BackendProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString()));
        for (var e : sources.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
            javac.add(file.toString());
        }
        run(javac);
        for (String gone : leaveOut) Files.delete(classes.resolve(gone));
        List<String> jar = new ArrayList<>(List.of(tool("jar"), "--create", "--file", plugins.resolve(name + ".jar").toString(),
                "-C", classes.toString(), "."));
        run(jar);
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
