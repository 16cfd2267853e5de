package dev.jnn.backend.cuda.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * cuBLAS, cuDNN and NVRTC bindings against the real libraries, where discovery finds them: loading
 * each binding class resolves every symbol it binds, and the calls below need no GPU. Skips with the
 * places searched otherwise. (NVIDIA's wheels unpacked anywhere on PYTHONPATH are enough.)
 */
class LibraryBindingsTest {
    private static void assumeFound(CudaLibrary library) {
        LibraryLocation loc = CudaLibraries.system().locate(library);
        assumeTrue(loc.found(), loc::describe);
    }

    @Test
    void cublasResolvesEverySymbolAndReportsItsVersion() {
        assumeFound(CudaLibrary.CUBLAS);
        assumeFound(CudaLibrary.CUBLASLT);
        assertThat(Cublas.version()).matches("1[23]\\.\\d+\\.\\d+");
    }

    @Test
    void cudnnResolvesEverySymbolOfTheLegacyApiAndIsVersion9() {
        assumeFound(CudaLibrary.CUDNN);
        assertThat(Cudnn.version() / 10000).isEqualTo(9);
        assertThat(Cudnn.errorString(0)).isEqualTo("CUDNN_STATUS_SUCCESS");
        assertThat(Cudnn.sublibraries()).extracting(p -> p.getFileName().toString()).contains("libcudnn_ops.so.9",
                "libcudnn_cnn.so.9");
    }

    @Test
    void cudnnFailuresNameTheFunctionAndTheStatus() {
        assumeFound(CudaLibrary.CUDNN);
        // A null descriptor is a bad parameter whatever the device: the call fails before touching a GPU.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Cudnn.call(Cudnn.SET_TENSOR_4D, "cudnnSetTensor4dDescriptor",
                        java.lang.foreign.MemorySegment.NULL, Cudnn.TENSOR_NCHW, Cudnn.DATA_FLOAT, 1, 1, 1, 1))
                .isInstanceOf(CudaException.class).hasMessageStartingWith("cudnnSetTensor4dDescriptor: CUDNN_STATUS_BAD_PARAM");
    }

    @Test
    void nvrtcReportsItsVersionAndAnErrorNamesTheLineAndTheFunction() {
        assumeFound(CudaLibrary.NVRTC);
        assertThat(Nvrtc.version()[0]).isIn(12, 13);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Nvrtc.compile("extern \"C\" __global__ void k() { undefined_name; }",
                        "broken.cu", KernelSources.options(9, 0)))
                .isInstanceOf(CudaException.class)
                .hasMessageStartingWith("nvrtcCompileProgram(broken.cu): NVRTC_ERROR_COMPILATION (6): ")
                .hasMessageContaining("undefined_name");
    }
}
