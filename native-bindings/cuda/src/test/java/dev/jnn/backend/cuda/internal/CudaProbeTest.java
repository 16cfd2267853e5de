package dev.jnn.backend.cuda.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.core.spi.Availability;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The probe's decision for each situation, and its answer on the machine running the tests. */
class CudaProbeTest {
    private static Map<CudaLibrary, LibraryLocation> allFound() {
        Map<CudaLibrary, LibraryLocation> m = new EnumMap<>(CudaLibrary.class);
        for (CudaLibrary l : CudaLibrary.values()) {
            m.put(l, new LibraryLocation(l, Optional.of(Path.of("/x", l.fileNames().getFirst())), List.of()));
        }
        return m;
    }

    @Test
    void withoutNativeAccessTheMissingLibrariesComeFirstThenTheFlagWithTheVersionsFound(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Map<CudaLibrary, LibraryLocation> m = allFound();
        Path real = java.nio.file.Files.writeString(dir.resolve("libcudart.so.13.0.48"), "not loaded");
        m.put(CudaLibrary.CUDART, new LibraryLocation(CudaLibrary.CUDART,
                Optional.of(java.nio.file.Files.createSymbolicLink(dir.resolve("libcudart.so.13"), real)), List.of()));
        m.put(CudaLibrary.DRIVER, new LibraryLocation(CudaLibrary.DRIVER, Optional.empty(), List.of("system:/usr/lib64")));
        Module cuda = CudaProbe.class.getModule();
        assertThat(CudaProbe.withoutNativeAccess(m, cuda)).containsExactly(
                "libcuda.so.1 not found (searched system:/usr/lib64)",
                "native access is not enabled for module dev.jnn.backend.cuda: loading the CUDA libraries (found CUDA runtime "
                        + "13.0.48, cuBLAS 13, cuBLASLt 13, cuDNN 9, NVRTC 13) needs java --enable-native-access=dev.jnn.backend.cuda");
    }

    @Test
    void everythingPresentWithADeviceGivesNoReason() {
        assertThat(CudaProbe.reasons(allFound(), new RuntimeState(13000, 13010, 1, null))).isEmpty();
    }

    @Test
    void missingLibrariesSharingASearchPathAreOneReasonListingItOnce() {
        Map<CudaLibrary, LibraryLocation> m = allFound();
        List<String> searched = List.of("JNN_CUDA_LIBS (unset)", "system:/usr/lib64");
        m.put(CudaLibrary.CUDNN, new LibraryLocation(CudaLibrary.CUDNN, Optional.empty(), searched));
        m.put(CudaLibrary.DRIVER, new LibraryLocation(CudaLibrary.DRIVER, Optional.empty(), searched));
        m.put(CudaLibrary.NVRTC, new LibraryLocation(CudaLibrary.NVRTC, Optional.empty(), List.of("elsewhere")));
        assertThat(CudaProbe.reasons(m, null)).containsExactly(
                "libcudnn.so.9, libcuda.so.1 not found (searched JNN_CUDA_LIBS (unset), system:/usr/lib64)",
                "libnvrtc.so.13 or libnvrtc.so.12 not found (searched elsewhere)");
    }

    @Test
    void aDriverOlderThanTheRuntimesMajorVersionIsNamedWithBothVersions() {
        assertThat(CudaProbe.reasons(allFound(), new RuntimeState(13000, 12020, 1, null))).containsExactly(
                "driver supports CUDA 12.2, runtime 13.0 needs 13.0 or newer: update the NVIDIA driver or use CUDA 12 libraries");
    }

    @Test
    void anOlderMinorDriverOfTheSameMajorIsAccepted() {
        assertThat(CudaProbe.reasons(allFound(), new RuntimeState(13010, 13000, 1, null))).isEmpty();
    }

    @Test
    void noDriverAndNoDeviceAreBothReported() {
        String err = "cudaGetDeviceCount: cudaErrorInsufficientDriver (35): CUDA driver version is insufficient";
        assertThat(CudaProbe.reasons(allFound(), new RuntimeState(13000, 0, 0, err))).containsExactly(
                "no NVIDIA driver: cudaDriverGetVersion returned 0 (install the driver, or check that libcuda.so.1 is visible)",
                "no usable GPU: " + err);
    }

    @Test
    void zeroDevicesIsAReason() {
        assertThat(CudaProbe.reasons(allFound(), new RuntimeState(13000, 13000, 0, null)))
                .containsExactly("no GPU: cudaGetDeviceCount found 0 devices (check CUDA_VISIBLE_DEVICES)");
    }

    @Test
    void onAMachineWithoutGpuTheProbeNamesEveryMissingPiece() {
        Availability a = CudaProbe.probe();
        assumeFalse(a.available(), "this machine has a usable GPU: " + a);
        Map<CudaLibrary, LibraryLocation> found = CudaLibraries.system().locateAll();
        for (LibraryLocation loc : found.values()) {
            if (!loc.found()) {
                assertThat(a.reasons()).anySatisfy(r -> assertThat(r).contains(loc.library().displayName())
                        .contains("not found (searched JNN_CUDA_LIBS").contains(String.join(", ", loc.searched())));
            }
        }
        if (found.get(CudaLibrary.CUDART).found() && !found.get(CudaLibrary.DRIVER).found()) {
            // The runtime was loaded and asked: with no driver it must say so, through cudaGetDeviceCount.
            assertThat(a.reasons()).anySatisfy(r -> assertThat(r).startsWith("no usable GPU: cudaGetDeviceCount: cudaError"));
            assertThat(a.reasons()).anySatisfy(r -> assertThat(r).startsWith("no NVIDIA driver"));
        }
        assertThat(a.toString()).startsWith("unavailable: ");
    }

    @Test
    void onAGpuMachineTheProbeReportsDeviceAndVersions() {
        Availability a = CudaProbe.probe();
        assumeTrue(a.available(), () -> "no usable GPU here: " + String.join("; ", a.reasons()));
        assertThat(a.details()).contains("GPU 0 of ").contains("cuBLAS ").contains("cuDNN 9.").contains("NVRTC ")
                .contains("libcudart.so.");
    }
}
