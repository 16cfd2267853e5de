package dev.jnn.backend.cuda.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Library discovery over fake library trees: search order, preferred versions, and what a miss reports. */
class CudaLibrariesTest {
    @TempDir
    Path root;

    private Path touch(String dir, String name) throws IOException {
        Path d = Files.createDirectories(root.resolve(dir));
        return Files.writeString(d.resolve(name), "not really ELF");
    }

    private static SearchPath path(String jnn, String ld, List<Path> system, NvidiaWheels wheels) {
        return SearchPath.of(jnn, ld, system, List.of(), wheels);
    }

    @Test
    void jnnCudaLibsIsSearchedBeforeLdLibraryPath() throws IOException {
        Path first = touch("mine", "libcudnn.so.9");
        touch("ld", "libcudnn.so.9");
        var libs = new CudaLibraries(path(root.resolve("mine").toString(), root.resolve("ld").toString(), List.of(),
                NvidiaWheels.none("test")));
        assertThat(libs.locate(CudaLibrary.CUDNN).file()).contains(first);
    }

    @Test
    void ldLibraryPathIsSearchedWhenJnnCudaLibsLacksTheFile() throws IOException {
        touch("mine", "libcudart.so.13");
        Path ld = touch("ld2", "libcudnn.so.9");
        String list = root.resolve("empty") + ":" + root.resolve("ld1") + ":" + root.resolve("ld2");
        var libs = new CudaLibraries(path(root.resolve("mine").toString(), list, List.of(), NvidiaWheels.none("test")));
        assertThat(libs.locate(CudaLibrary.CUDNN).file()).contains(ld);
        assertThat(libs.locate(CudaLibrary.CUDART).file()).contains(root.resolve("mine/libcudart.so.13"));
    }

    @Test
    void systemFoldersComeBeforeWheelsAndWheelsAreFoundUnderNvidiaStarLib() throws IOException {
        Path sys = touch("usr/lib", "libcuda.so.1");
        // CUDA 12 wheels: one folder per package; CUDA 13 wheels: a shared cu13/lib.
        Path cublas = touch("site/nvidia/cublas/lib", "libcublas.so.12");
        Path nvrtc = touch("site/nvidia/cu13/lib", "libnvrtc.so.13");
        touch("site/nvidia/cu13/lib", "libcuda.so.1");
        var libs = new CudaLibraries(path(null, null, List.of(root.resolve("usr/lib")),
                NvidiaWheels.of(List.of(root.resolve("site/nvidia")))));
        assertThat(libs.locate(CudaLibrary.DRIVER).file()).contains(sys);
        assertThat(libs.locate(CudaLibrary.CUBLAS).file()).contains(cublas);
        assertThat(libs.locate(CudaLibrary.NVRTC).file()).contains(nvrtc);
    }

    @Test
    void anEarlierFolderWinsAndWithinAFolderCuda13BeatsCuda12() throws IOException {
        Path v12 = touch("a", "libcublas.so.12");
        touch("b", "libcublas.so.13");
        Path v13 = touch("c", "libcudart.so.13");
        touch("c", "libcudart.so.12");
        var libs = new CudaLibraries(path(root.resolve("a") + ":" + root.resolve("b") + ":" + root.resolve("c"), null,
                List.of(), NvidiaWheels.none("test")));
        assertThat(libs.locate(CudaLibrary.CUBLAS).file()).contains(v12);
        assertThat(libs.locate(CudaLibrary.CUDART).file()).contains(v13);
    }

    @Test
    void pythonIsNotAskedWhenEveryLibraryIsFoundEarlier() throws IOException {
        for (CudaLibrary l : CudaLibrary.values()) touch("all", l.fileNames().getFirst());
        var asked = new java.util.concurrent.atomic.AtomicInteger();
        var libs = new CudaLibraries(SearchPath.of(root.resolve("all").toString(), null, List.of(), List.of(), () -> {
            asked.incrementAndGet();
            return NvidiaWheels.none("test");
        }));
        assertThat(libs.locateAll().values()).allMatch(LibraryLocation::found);
        assertThat(asked).hasValue(0);
    }

    @Test
    void aMissingLibraryListsEveryPlaceSearchedInOrder() throws IOException {
        Files.createDirectories(root.resolve("site/nvidia/cudnn/lib"));
        var libs = new CudaLibraries(path(null, root.resolve("ld").toString(), List.of(root.resolve("sys")),
                NvidiaWheels.of(List.of(root.resolve("site/nvidia")))));
        LibraryLocation loc = libs.locate(CudaLibrary.CUDNN);
        assertThat(loc.found()).isFalse();
        assertThat(loc.searched()).containsExactly("JNN_CUDA_LIBS (unset)", "LD_LIBRARY_PATH:" + root.resolve("ld"),
                "system:" + root.resolve("sys"), "nvidia wheel:" + root.resolve("site/nvidia/cudnn/lib"));
        assertThat(loc.describe()).startsWith("libcudnn.so.9 not found (searched JNN_CUDA_LIBS (unset), LD_LIBRARY_PATH:");
        assertThatThrownBy(() -> libs.require(CudaLibrary.CUDNN)).isInstanceOf(CudaUnavailableException.class)
                .hasMessage(loc.describe());
    }

    @Test
    void noWheelsIsReportedWithItsReason() {
        var libs = new CudaLibraries(path(null, null, List.of(), NvidiaWheels.none("python3 has no 'nvidia' package")));
        assertThat(libs.locate(CudaLibrary.NVRTC).describe()).isEqualTo(
                "libnvrtc.so.13 or libnvrtc.so.12 not found (searched JNN_CUDA_LIBS (unset), LD_LIBRARY_PATH (unset), "
                        + "nvidia wheels (python3 has no 'nvidia' package))");
    }

    @Test
    void aFolderListedTwiceIsSearchedOnceAtItsFirstPlace() {
        SearchPath p = path(root.toString(), root + ":" + root.resolve("x"), List.of(root), NvidiaWheels.none("test"));
        assertThat(p.places()).extracting(SearchPlace::source).containsExactly("JNN_CUDA_LIBS", "LD_LIBRARY_PATH");
    }

    @Test
    void ldconfigOutputYieldsTheFoldersOfCudaLibrariesOnly() {
        String out = """
                1234 libs found in cache `/etc/ld.so.cache'
                	libcudart.so.13 (libc6,x86-64) => /usr/local/cuda-13.0/lib/libcudart.so.13
                	libcuda.so.1 (libc6,x86-64) => /usr/lib/wsl/lib/libcuda.so.1
                	libcudart.so (libc6,x86-64) => /elsewhere/libcudart.so
                	libz.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libz.so.1
                """;
        assertThat(Ldconfig.parse(out)).containsExactly(Path.of("/usr/local/cuda-13.0/lib"), Path.of("/usr/lib/wsl/lib"));
    }

    @Test
    void askingAMissingInterpreterForWheelsGivesAReasonNotAnException() {
        NvidiaWheels w = NvidiaWheels.find(root.resolve("no-such-python").toString());
        assertThat(w.packageDirs()).isEmpty();
        assertThat(w.note()).contains("no-such-python").contains("not runnable");
    }
}
