package dev.jnn.backend.cuda.internal;

/**
 * jnn's own CUDA kernels: each names its source file (a resource under {@code kernels/}) and its
 * {@code extern "C"} entry point. {@code CudaKernelsTest} compiles every source and checks that each
 * entry exists in the PTX.
 */
enum Kernel {
    FILL("elementwise", "fill_f32"),
    UNARY("elementwise", "unary_f32"),
    UNARY_BACKWARD("elementwise", "unary_backward_f32"),
    BINARY("elementwise", "binary_f32"),
    BINARY_SCALAR("elementwise", "binary_scalar_f32"),
    AXPY("elementwise", "axpy_f32"),
    DROPOUT_MASK("elementwise", "dropout_mask_f32"),
    DROPOUT("elementwise", "dropout_f32"),
    REDUCE_LAST_DIM("reduce", "reduce_last_dim_f32"),
    SUM_ROWS("reduce", "sum_rows_f32"),
    CROSS_ENTROPY("loss", "cross_entropy_f32"),
    CROSS_ENTROPY_BACKWARD("loss", "cross_entropy_backward_f32"),
    SGD_UPDATE("optim", "sgd_update_f32"),
    ADAM_UPDATE("optim", "adam_update_f32"),
    GATHER_U8_BATCH("data", "gather_u8_batch_f32"),
    GATHER_U8_LABELS("data", "gather_u8_labels_f32"),
    MAX_POOL2D("pool", "max_pool2d_f32"),
    MAX_POOL2D_BACKWARD("pool", "max_pool2d_backward_f32");

    private final String source;
    private final String entry;

    Kernel(String source, String entry) {
        this.source = source;
        this.entry = entry;
    }

    /** The source's base name, such as {@code elementwise} for {@code kernels/elementwise.cu}. */
    String source() {
        return source;
    }

    /** The kernel's {@code extern "C"} name. */
    String entry() {
        return entry;
    }
}
