package dev.jnn.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jnn's own module jars, as the reactor built them, keep the layout rules: no split packages (also
 * against the third-party jars on the path), no internal package exported to everyone, no
 * {@code requires} that jdeps finds unused, no type cycle between packages, and backend modules
 * that export nothing but the one package allowed below.
 */
class JnnModuleLayoutTest {
    static final List<String> EXPECTED = List.of("dev.jnn.core", "dev.jnn.tck", "dev.jnn.backend.vector", "dev.jnn.nn",
            "dev.jnn.optim", "dev.jnn.data", "dev.jnn.train", "dev.jnn.backend.onednn", "dev.jnn.backend.cuda", "dev.jnn.distributed", "dev.jnn.distributed.mpi",
            "dev.jnn.distributed.nccl", "dev.jnn.app");

    static List<ModuleLayout.Unit> jnn;
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
        jnn = ModuleLayout.modulesNamed("dev.jnn.", path);
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
    void noTypeCycleCrossesAPackage() {
        List<Path> jars = layout.checked().stream().map(ModuleLayout.Unit::location).toList();
        assertThat(TypeCycles.crossPackage(jars, "dev.jnn.")).isEmpty();
    }

    @Test
    void noModuleRequiresWhatItDoesNotUse() {
        assertThat(layout.unneededRequires()).isEmpty();
    }

    /**
     * A backend module provides the SPI and exports nothing (shared/STYLE.md), with one exception:
     * the onednn backend runs the ops oneDNN lacks on the vector backend's kernels, so the vector
     * module exports its factory package to that module alone (an explicit {@code requires}, where
     * onednn used to look the vector backend up through ServiceLoader).
     */
    @Test
    void backendModulesExportNothingButTheVectorFactoryToOnednn() {
        Map<String, List<String>> exports = new TreeMap<>();
        for (ModuleLayout.Unit u : jnn) {
            if (!u.name().startsWith("dev.jnn.backend.")) continue;
            for (ModuleDescriptor.Exports e : u.descriptor().exports()) {
                exports.computeIfAbsent(u.name(), k -> new ArrayList<>())
                        .add(e.source() + (e.isQualified() ? " to " + new TreeSet<>(e.targets()) : ""));
            }
        }
        assertThat(exports).containsExactly(
                Map.entry("dev.jnn.backend.vector", List.of("dev.jnn.backend.vector to [dev.jnn.backend.onednn]")));
    }
}
