/** FFM bindings to the CUDA runtime and driver, cuBLAS, cuDNN 9 and NVRTC, and the "cuda" backend built on them. */
module dev.jnn.backend.cuda {
    requires dev.jnn.core;

    provides dev.jnn.core.spi.BackendProvider
        with dev.jnn.backend.cuda.internal.CudaBackendProvider;
}
