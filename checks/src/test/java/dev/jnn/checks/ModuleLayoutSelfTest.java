package dev.jnn.checks;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The checks can fail: two small modules compiled here break each rule once, and each check names
 * the module and the package or requires at fault.
 */
class ModuleLayoutSelfTest {
    @TempDir
    static Path work;

    static ModuleLayout layout;
    static Path cyclic;

    @BeforeAll
    static void compileABadLayout() throws Exception {
        Path a = compile("bad.a", Map.of(
                "module-info.java", "module bad.a { requires java.sql; exports bad.a.internal; exports shared.pkg; }",
                "bad/a/internal/Secret.java", "package bad.a.internal; public class Secret {}",
                "shared/pkg/One.java", "package shared.pkg; public class One {}"));
        Path b = compile("bad.b", Map.of(
                "module-info.java", "module bad.b { requires java.logging; }",
                "shared/pkg/Two.java", "package shared.pkg; public class Two { java.util.logging.Logger log; }"));
        // Its exported API returns a java.logging type, but it does not pass the requires on.
        Path c = compile("bad.c", Map.of(
                "module-info.java", "module bad.c { requires java.logging; exports bad.c; }",
                "bad/c/Api.java", "package bad.c; public class Api { public java.util.logging.Logger logger() { return null; } }"));
        // d.api.Api uses d.impl.Impl, which uses Api back: a cycle across packages; One and Two only
        // reach each other inside d.api, which is allowed.
        Path d = compile("bad.d", Map.of(
                "module-info.java", "module bad.d { }",
                "bad/d/api/Api.java", "package bad.d.api; public class Api { bad.d.impl.Impl impl; }",
                "bad/d/impl/Impl.java", "package bad.d.impl; public class Impl { bad.d.api.Api api; }",
                "bad/d/api/One.java", "package bad.d.api; public class One { Two two; }",
                "bad/d/api/Two.java", "package bad.d.api; public class Two { One one; }"));
        cyclic = d;
        List<Path> path = List.of(a, b, c);
        layout = new ModuleLayout(ModuleLayout.modulesNamed("bad.", path), path);
    }

    @Test
    void aSplitPackageIsFound() {
        assertThat(layout.splitPackages()).containsExactly("package shared.pkg is split between bad.a and bad.b: move it into one module");
    }

    @Test
    void anInternalPackageExportedToEveryoneIsFound() {
        assertThat(layout.exportedInternals()).containsExactly("module bad.a exports its internal package bad.a.internal "
                + "to everyone: drop the export or qualify it (exports ... to <module>)");
    }

    @Test
    void anUnusedRequiresAndOneTheApiLeaksAreFoundAndAPlainUseIsNot() {
        assertThat(layout.unneededRequires()).containsExactly(
                "module bad.a requires java.sql but uses nothing from it (jdeps --check): remove the requires",
                "module bad.c requires java.logging but its API exposes that module's types (jdeps --check): "
                        + "make it 'requires transitive java.logging'");
    }

    @Test
    void aTypeCycleAcrossPackagesIsFoundAndOneInsideAPackageIsNot() {
        assertThat(TypeCycles.crossPackage(List.of(cyclic), "bad.")).containsExactly("types [bad.d.api.Api, bad.d.impl.Impl] "
                + "depend on each other across packages [bad.d.api, bad.d.impl]: break the cycle (an interface in the lower "
                + "package, or data passed instead of the type)");
    }

    @Test
    void theRequiresOfAJdepsReportAreRead() {
        String report = """
                m (file:///m.jar)
                  [Module descriptor]
                    requires dev.jnn.core (@0.1.0-SNAPSHOT);
                    requires mandated java.base (@25);
                    requires transitive java.desktop (@25);
                  [Suggested module descriptor for m]
                    requires mandated java.base;
                """;
        assertThat(ModuleLayout.requiresIn(report, "[Module descriptor]"))
                .containsExactly(Map.entry("dev.jnn.core", false), Map.entry("java.desktop", true));
        assertThat(ModuleLayout.requiresIn(report, "[Suggested module descriptor for m]")).isEmpty();
    }

    /** Compiles one module's sources into an exploded module folder. */
    private static Path compile(String module, Map<String, String> sources) throws Exception {
        Path src = work.resolve("src").resolve(module);
        Path out = Files.createDirectories(work.resolve("out").resolve(module));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-d", out.toString()));
        for (var e : sources.entrySet()) {
            Path f = src.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
            cmd.add(f.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        return out;
    }
}
