/** The pure-Java SIMD CPU backend, "vector". */
@SuppressWarnings("module") // dev.jnn.backend.onednn, named below, is built after this module
module dev.jnn.backend.vector {
    requires dev.jnn.core;
    requires jdk.incubator.vector;

    // The onednn backend runs the ops oneDNN lacks on this backend's kernels (VectorBackends).
    // Qualified: the factory is for that module, not an API; applications get backends by name
    // through dev.jnn.core.Backends.
    exports dev.jnn.backend.vector to dev.jnn.backend.onednn;

    provides dev.jnn.core.spi.BackendProvider
        with dev.jnn.backend.vector.internal.VectorBackendProvider;
}
