package dev.jnn.backend.onednn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.core.spi.Availability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe of a process that has not enabled native access for onednn: it finds the library
 * without loading it, takes the version from file names, and names the flag, every reason at once.
 */
class ProbeWithoutNativeAccessTest {
    private static final Module MODULE = OneDnnBackendProvider.class.getModule();
    private static final String FLAG = "needs java --enable-native-access=dev.jnn.backend.onednn";

    @TempDir
    Path dir;

    @Test
    void theBundledLibraryIsFoundInTheJarWhenTheCacheIsEmpty() {
        Availability a = OneDnnBackendProvider.withoutNativeAccess(MODULE, Map.of("JNN_NATIVE_CACHE", dir.toString()));
        assertThat(a.available()).isFalse();
        assertThat(a.reasons()).singleElement().asString()
                .startsWith("onednn: native access is not enabled for module dev.jnn.backend.onednn: loading oneDNN 3.13 from ")
                .contains("dnnl-3.13-1.5.14-linux-x86_64.jar", "libdnnl.so.3").endsWith(FLAG);
        assertThat(dir).isEmptyDirectory();   // nothing extracted
    }

    @Test
    void aUserLibraryGivesItsVersionFromTheFileItLinksTo() throws Exception {
        Path real = Files.writeString(dir.resolve("libdnnl.so.3.7"), "not loaded");
        Path link = Files.createSymbolicLink(dir.resolve("libdnnl.so.3"), real);
        Availability a = OneDnnBackendProvider.withoutNativeAccess(MODULE, Map.of("JNN_ONEDNN_LIB", link.toString()));
        assertThat(a.reasons()).singleElement().asString()
                .isEqualTo("onednn: native access is not enabled for module dev.jnn.backend.onednn: loading oneDNN 3.7 from "
                        + "JNN_ONEDNN_LIB=" + link + " " + FLAG);
    }

    @Test
    void aMissingUserLibraryIsAReasonBesideTheFlag() {
        Path missing = dir.resolve("libdnnl.so.3");
        Availability a = OneDnnBackendProvider.withoutNativeAccess(MODULE, Map.of("JNN_ONEDNN_LIB", missing.toString()));
        assertThat(a.reasons()).hasSize(2);
        assertThat(a.reasons().get(0)).startsWith("onednn: JNN_ONEDNN_LIB=" + missing + ": no such file");
        assertThat(a.reasons().get(1)).endsWith("loading oneDNN " + FLAG);
    }
}
