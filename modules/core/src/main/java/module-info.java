/** jnn's core: float32 tensors, define-by-run autograd, and the Backend SPI that backends plug into. */
module dev.jnn.core {
    exports dev.jnn.core;
    exports dev.jnn.core.spi;
    exports dev.jnn.core.io;

    uses dev.jnn.core.spi.BackendProvider;
}
