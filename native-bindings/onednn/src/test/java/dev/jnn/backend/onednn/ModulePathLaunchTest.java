package dev.jnn.backend.onednn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The layout an application launcher should use: jnn's modules (here core, vector and onednn) on
 * the module path (resolved with {@code --add-modules ALL-MODULE-PATH}), and the
 * {@code org.bytedeco:dnnl} jar on the class path.
 * That jar declares a module requiring JavaCPP's {@code org.bytedeco.dnnl}, so resolving it as a
 * module fails at JVM start; from the class path its native files are still found as resources.
 */
class ModulePathLaunchTest {
    @Test
    void providerOnTheModulePathFindsTheNativesOnTheClassPath() throws Exception {
        String out = ModulePathJvm.run(ProbeMain.class, "--enable-native-access=dev.jnn.backend.onednn");
        assertThat(out).contains("onednn -> available (oneDNN 3.13.");
    }
}
