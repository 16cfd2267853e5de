/** The pure-Java SIMD CPU backend, "vector". */
module dev.jnn.backend.vector {
    requires dev.jnn.core;
    requires jdk.incubator.vector;

    provides dev.jnn.core.spi.BackendProvider
        with dev.jnn.backend.vector.internal.VectorBackendProvider;
}
