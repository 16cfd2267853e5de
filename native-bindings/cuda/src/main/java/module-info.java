/** FFM bindings to the CUDA runtime and driver, cuBLAS, cuDNN 9 and NVRTC, for the "cuda" backend. */
module dev.jnn.backend.cuda {
    requires dev.jnn.core;
}
