package dev.jnn.backend.onednn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading oneDNN: the bundled library, a user's path, and the clear failures. */
class OneDnnLibraryTest {
    @Test
    void bundledLibraryLoadsAndReportsVersion313AndAnIsa() {
        assumeTrue(Natives.available(), Natives.reason());
        assertThat(OneDnnOps.version()).startsWith("3.13.");
        assertThat(OneDnnOps.cpuIsa()).isNotBlank().doesNotStartWith("isa 0x");
        assertThat(OneDnnLibrary.get().path().getFileName().toString()).isEqualTo("libdnnl.so.3");
    }

    @Test
    void extractedFilesMatchTheRecordedSizeAndSha256() throws IOException {
        assumeTrue(Natives.available(), Natives.reason());
        NativeFiles files = NativeFiles.fromEnvironment(System.getenv());
        for (String name : new String[] {"libgomp.so.1", "libdnnl.so.3"}) {
            Path p = files.extract(name);
            assertThat(Files.size(p)).isEqualTo(files.expectedSize(name));
            assertThat(NativeFiles.sha256(p)).isEqualTo(files.expectedSha256(name));
        }
    }

    @Test
    void extractionIntoAFreshCacheWritesVerifiedFilesAndNoTemporaries(@TempDir Path cache) throws IOException {
        assumeTrue(Natives.available(), Natives.reason());
        NativeFiles files = NativeFiles.fromEnvironment(Map.of("JNN_NATIVE_CACHE", cache.toString()));
        Path gomp = files.extract("libgomp.so.1");
        assertThat(gomp).isEqualTo(cache.resolve("onednn-3.13").resolve("libgomp.so.1"));
        assertThat(NativeFiles.sha256(gomp)).isEqualTo(files.expectedSha256("libgomp.so.1"));
        // A damaged cached copy is replaced.
        Files.write(gomp, new byte[] {1, 2, 3});
        assertThat(Files.size(files.extract("libgomp.so.1"))).isEqualTo(files.expectedSize("libgomp.so.1"));
        // Same size, other bytes, new time: the record no longer matches, the hash catches it.
        byte[] bytes = Files.readAllBytes(gomp);
        bytes[bytes.length / 2] ^= 1;
        Files.write(gomp, bytes);
        Files.setLastModifiedTime(gomp, java.nio.file.attribute.FileTime.fromMillis(0));
        assertThat(NativeFiles.sha256(files.extract("libgomp.so.1"))).isEqualTo(files.expectedSha256("libgomp.so.1"));
        try (var listing = Files.list(files.cacheDir())) {
            assertThat(listing.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("libgomp.so.1", "libgomp.so.1.verified");
        }
    }

    @Test
    void aFailedExtractionNamesTheFileAndTheCauseAndLeavesNoTemporary(@TempDir Path cache) throws IOException {
        assumeTrue(Natives.available(), Natives.reason());
        NativeFiles files = NativeFiles.fromEnvironment(Map.of("JNN_NATIVE_CACHE", cache.toString()));
        // A folder where the library should go: the rename at the end of the write fails (for root too).
        Path inTheWay = Files.createDirectories(files.cacheDir().resolve("libgomp.so.1").resolve("keep"));
        assertThatThrownBy(() -> files.extract("libgomp.so.1"))
                .isInstanceOf(OneDnnUnavailableException.class)
                .hasMessageContaining("cannot write " + files.cacheDir().resolve("libgomp.so.1") + ": a folder of that name is in the way")
                .hasMessageEndingWith("(set JNN_NATIVE_CACHE to a writable folder)");
        assertThat(inTheWay).isDirectory();
        try (var listing = Files.list(files.cacheDir())) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("libgomp.so.1");
        }
    }

    @Test
    void missingUserLibraryGivesAClearMessage(@TempDir Path dir) {
        Path missing = dir.resolve("nope/libdnnl.so.3");
        assertThatThrownBy(() -> OneDnnLibrary.load(Map.of("JNN_ONEDNN_LIB", missing.toString())))
                .isInstanceOf(OneDnnUnavailableException.class)
                .hasMessageContaining("JNN_ONEDNN_LIB")
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("no such file");
    }

    @Test
    void userFileThatIsNotALibraryGivesAClearMessage(@TempDir Path dir) throws IOException {
        Path bogus = Files.writeString(dir.resolve("libdnnl.so.3"), "not an ELF file");
        assertThatThrownBy(() -> OneDnnLibrary.load(Map.of("JNN_ONEDNN_LIB", bogus.toString())))
                .isInstanceOf(OneDnnUnavailableException.class)
                .hasMessageContaining(bogus.toString())
                .hasMessageContaining("cannot be loaded");
    }

    @Test
    void userLibraryThatIsNotOneDnnIsRejected() {
        // libz is a real shared library without dnnl_version: the check must say so, not crash.
        Path libz = Path.of("/usr/lib/x86_64-linux-gnu/libz.so.1");
        assumeTrue(Files.isRegularFile(libz), "no " + libz + " on this machine");
        assertThatThrownBy(() -> OneDnnLibrary.load(Map.of("JNN_ONEDNN_LIB", libz.toString())))
                .isInstanceOf(OneDnnUnavailableException.class)
                .hasMessageContaining("is not oneDNN")
                .hasMessageContaining("dnnl_version");
    }

    @Test
    void userPathToTheExtractedLibraryLoads() {
        assumeTrue(Natives.available(), Natives.reason());
        Path extracted = OneDnnLibrary.get().path();
        OneDnnLibrary lib = OneDnnLibrary.load(Map.of("JNN_ONEDNN_LIB", extracted.toString()));
        assertThat(lib.path()).isEqualTo(extracted.toAbsolutePath());
    }

    @Test
    void failedStatusNamesTheFunctionAndTheStatus() {
        assertThatThrownBy(() -> OneDnnException.check("dnnl_convolution_forward_primitive_desc_create", 2))
                .isInstanceOf(OneDnnException.class)
                .hasMessage("dnnl_convolution_forward_primitive_desc_create: dnnl_invalid_arguments");
    }

    @Test
    void mismatchedShapesComeBackAsOneExceptionNamingTheFunction() {
        assumeTrue(Natives.available(), Natives.reason());
        // Weights with 3 input channels against an input with 2: oneDNN rejects the descriptor.
        try (OneDnnEngine engine = new OneDnnEngine(1); NativeResources r = new NativeResources()) {
            assertThatThrownBy(() -> PrimitiveDescCalls.convolutionForward(engine.engine(),
                    PrimitiveDescCalls.FORWARD_TRAINING, r.plainMd(1, 2, 4, 4), r.plainMd(1, 3, 3, 3), null,
                    r.plainMd(1, 1, 2, 2), r.dims(1, 1), r.dims(0, 0), r.dims(0, 0), r.dims(0, 0), null, "test"))
                    .isInstanceOf(OneDnnException.class)
                    .hasMessageStartingWith("dnnl_convolution_forward_primitive_desc_create: dnnl_invalid_arguments");
        }
    }
}
