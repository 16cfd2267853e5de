/** jnn's core: float32 tensors, define-by-run autograd, and the Backend SPI that backends plug into. */
module dev.jnn.core {
    exports dev.jnn.core;
    exports dev.jnn.core.spi;
    exports dev.jnn.core.io;

    uses dev.jnn.core.spi.BackendProvider;

    // The reference backend: the SPI's default kernels alone, always available.
    provides dev.jnn.core.spi.BackendProvider
        with dev.jnn.core.internal.ReferenceBackendProvider;
}
