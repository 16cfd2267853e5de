package dev.jnn.backend.cuda.internal;

import java.util.List;

/**
 * The NVIDIA shared libraries the cuda backend loads, each with the file names it accepts in order
 * of preference (CUDA 13 first, then 12, since a CUDA 13 driver also runs CUDA 12 libraries).
 */
public enum CudaLibrary {
    /** The CUDA runtime (memory, streams, events, device queries). */
    CUDART("CUDA runtime", "libcudart.so.13", "libcudart.so.12"),
    /** cuBLAS, for GEMM. */
    CUBLAS("cuBLAS", "libcublas.so.13", "libcublas.so.12"),
    /** cuBLASLt, which libcublas itself links against; loaded first so that libcublas finds it. */
    CUBLASLT("cuBLASLt", "libcublasLt.so.13", "libcublasLt.so.12"),
    /** cuDNN 9 (its legacy API: convolution, pooling, activation, softmax, batch norm). */
    CUDNN("cuDNN", "libcudnn.so.9"),
    /** NVRTC, which compiles jnn's own kernels at run time. */
    NVRTC("NVRTC", "libnvrtc.so.13", "libnvrtc.so.12"),
    /** The driver API (PTX loading and kernel launch); installed with the GPU driver, never in wheels. */
    DRIVER("CUDA driver", "libcuda.so.1");

    private final String title;
    private final List<String> fileNames;

    CudaLibrary(String title, String... fileNames) {
        this.title = title;
        this.fileNames = List.of(fileNames);
    }

    /** A human name for messages, such as "cuDNN". */
    public String title() {
        return title;
    }

    /** The accepted file names, preferred first. */
    public List<String> fileNames() {
        return fileNames;
    }

    /** The file names joined for a message: {@code libcudart.so.13 or libcudart.so.12}. */
    public String displayName() {
        return String.join(" or ", fileNames);
    }
}
