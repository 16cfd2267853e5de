/** FFM bindings to oneDNN 3.x and the "onednn" CPU backend built on them. */
module dev.jnn.backend.onednn {
    requires dev.jnn.core;
    // The vector backend's kernels run the ops oneDNN has no primitive for (VectorBackends).
    requires dev.jnn.backend.vector;

    provides dev.jnn.core.spi.BackendProvider
        with dev.jnn.backend.onednn.internal.OneDnnBackendProvider;
}
