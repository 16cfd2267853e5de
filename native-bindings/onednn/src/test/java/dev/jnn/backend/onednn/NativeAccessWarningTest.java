package dev.jnn.backend.onednn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A library user's program on the module path that uses the vector backend, with onednn (and its
 * natives jar) on the path as well: without {@code --enable-native-access} for onednn, finding the
 * backends makes no restricted call, so the JDK prints none of its "restricted method" warnings,
 * and asking for onednn fails with one line naming the flag. With the flag, onednn loads.
 */
class NativeAccessWarningTest {
    private static String run(String... javaOptions) throws Exception {
        return ModulePathJvm.run(VectorProgramMain.class, javaOptions);
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
