package dev.jnn.backend.cuda.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The runtime bindings against the real libcudart, where one is installed (a CUDA toolkit is enough:
 * no GPU or driver needed). Loading the class resolves every symbol, so a misspelt name fails here.
 */
class CudaRuntimeBindingTest {
    private static void assumeRuntime() {
        LibraryLocation loc = CudaLibraries.system().locate(CudaLibrary.CUDART);
        assumeTrue(loc.found(), loc::describe);
    }

    @Test
    void everyRuntimeSymbolResolvesAndTheVersionIsCuda12Or13() {
        assumeRuntime();
        int v = CudaRuntime.runtimeVersion();
        assertThat(v / 1000).isIn(12, 13);
        assertThat(CudaRuntime.file().getFileName().toString()).isEqualTo("libcudart.so." + v / 1000);
    }

    @Test
    void errorNamesComeFromTheRuntime() {
        assumeRuntime();
        assertThat(CudaRuntime.errorName(CudaRuntime.ERROR_NO_DEVICE)).isEqualTo("cudaErrorNoDevice");
        assertThat(CudaRuntime.errorName(CudaRuntime.ERROR_INSUFFICIENT_DRIVER)).isEqualTo("cudaErrorInsufficientDriver");
        assertThat(CudaRuntime.errorString(CudaRuntime.ERROR_NO_DEVICE)).containsIgnoringCase("no CUDA-capable device");
    }

    @Test
    void aFailedCallNamesTheFunctionAndTheStatus() {
        assumeRuntime();
        assertThatThrownBy(() -> CudaRuntime.check(CudaRuntime.ERROR_NO_DEVICE, "cudaGetDeviceCount"))
                .isInstanceOf(CudaException.class)
                .hasMessageStartingWith("cudaGetDeviceCount: cudaErrorNoDevice (100): ");
    }

    @Test
    void withoutADriverDeviceCountFailsWithANamedError() {
        assumeRuntime();
        LibraryLocation driver = CudaLibraries.system().locate(CudaLibrary.DRIVER);
        assumeTrue(!driver.found(), "a driver is installed here: " + driver.describe());
        assertThat(CudaRuntime.driverVersion()).isZero();
        assertThatThrownBy(CudaRuntime::deviceCount).isInstanceOf(CudaException.class)
                .hasMessageStartingWith("cudaGetDeviceCount: cudaError");
    }

    @Test
    void aMissingSymbolNamesTheSymbolAndTheFile() {
        assumeRuntime();
        NativeLibrary lib = NativeLibrary.load(CudaLibrary.CUDART);
        assertThatThrownBy(() -> lib.downcall("cudaNoSuchFunction", java.lang.foreign.FunctionDescriptor.ofVoid()))
                .isInstanceOf(CudaUnavailableException.class)
                .hasMessageContaining("symbol cudaNoSuchFunction not found in " + lib.file());
    }
}
