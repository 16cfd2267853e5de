/** An example third-party jnn backend, "scalar": host memory plus core's reference kernels. */
module com.example.jnn.scalar {
    requires dev.jnn.core;

    provides dev.jnn.core.spi.BackendProvider
        with com.example.jnn.scalar.ScalarBackendProvider;
}
