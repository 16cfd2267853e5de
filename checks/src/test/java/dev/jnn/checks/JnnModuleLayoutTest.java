package dev.jnn.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jnn's own module jars, as the reactor built them, keep the layout rules: no split packages (also
 * against the third-party jars on the path), no internal package exported to everyone, and no
 * {@code requires} that jdeps finds unused.
 */
class JnnModuleLayoutTest {
    static final List<String> EXPECTED = List.of("dev.jnn.core", "dev.jnn.tck", "dev.jnn.backend.vector", "dev.jnn.nn",
            "dev.jnn.optim", "dev.jnn.data", "dev.jnn.train", "dev.jnn.backend.onednn", "dev.jnn.backend.cuda", "dev.jnn.distributed", "dev.jnn.distributed.mpi",
            "dev.jnn.distributed.nccl", "dev.jnn.app");

    static ModuleLayout layout;

    @BeforeAll
    static void findTheBuiltModules() {
        // This test's own classes are not part of the layout; every dependency is.
        List<Path> path = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).filter(Files::exists)
                .filter(p -> !p.endsWith(Path.of("checks", "target", "test-classes")))
                .filter(p -> !p.endsWith(Path.of("checks", "target", "classes")))
                // oneDNN's natives jar declares a module needing JavaCPP, which jnn does not use:
                // ./jnn puts that jar on the class path, so it is not part of the module layout.
                .filter(p -> !p.getFileName().toString().startsWith("dnnl-"))
                .toList();
        List<ModuleLayout.Unit> jnn = ModuleLayout.modulesNamed("dev.jnn.", path);
        assertThat(jnn).extracting(ModuleLayout.Unit::name).containsExactlyInAnyOrderElementsOf(EXPECTED);
        layout = new ModuleLayout(jnn, path);
    }

    @Test
    void noPackageIsSplitBetweenModules() {
        assertThat(layout.splitPackages()).isEmpty();
    }

    @Test
    void noInternalPackageIsExportedToEveryone() {
        assertThat(layout.exportedInternals()).isEmpty();
    }

    @Test
    void noModuleRequiresWhatItDoesNotUse() {
        assertThat(layout.unneededRequires()).isEmpty();
    }
}
