/** FFM bindings to oneDNN 3.x and the "onednn" CPU backend built on them. */
module dev.jnn.backend.onednn {
    requires dev.jnn.core;

    // To borrow the "vector" backend's kernels for the ops oneDNN lacks (HostKernelFallback).
    uses dev.jnn.core.spi.BackendProvider;

    provides dev.jnn.core.spi.BackendProvider
        with dev.jnn.backend.onednn.internal.OneDnnBackendProvider;
}
