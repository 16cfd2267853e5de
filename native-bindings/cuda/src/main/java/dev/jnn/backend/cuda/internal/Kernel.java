package dev.jnn.backend.cuda.internal;

/**
 * jnn's own CUDA kernels: each names its source file (a resource under {@code kernels/}) and its
 * {@code extern "C"} entry point and parameter types. {@code CudaKernelsTest} compiles every source
 * and checks each entry and its parameters against the PTX.
 */
enum Kernel {
    FILL("elementwise", "fill_f32", "pfl"),
    UNARY("elementwise", "unary_f32", "ippl"),
    UNARY_BACKWARD("elementwise", "unary_backward_f32", "ippppl"),
    BINARY("elementwise", "binary_f32", "ipllpllpl"),
    BINARY_SCALAR("elementwise", "binary_scalar_f32", "ipfpl"),
    AXPY("elementwise", "axpy_f32", "fppl"),
    DROPOUT_MASK("elementwise", "dropout_mask_f32", "pfll"),
    DROPOUT("elementwise", "dropout_f32", "ppfpl"),
    REDUCE_LAST_DIM("reduce", "reduce_last_dim_f32", "ippii"),
    SUM_ROWS("reduce", "sum_rows_f32", "ppiif"),
    CROSS_ENTROPY("loss", "cross_entropy_f32", "ppfppiip"),
    CROSS_ENTROPY_BACKWARD("loss", "cross_entropy_backward_f32", "ppfppii"),
    SGD_UPDATE("optim", "sgd_update_f32", "pppffffiil"),
    ADAM_UPDATE("optim", "adam_update_f32", "pppppfffffiffl"),
    GATHER_U8_BATCH("data", "gather_u8_batch_f32", "pppiiff"),
    GATHER_U8_LABELS("data", "gather_u8_labels_f32", "pppi"),
    MAX_POOL2D("pool", "max_pool2d_f32", "pppiiiiiiiiiii"),
    MAX_POOL2D_BACKWARD("pool", "max_pool2d_backward_f32", "pppiii");

    private final String source;
    private final String entry;
    private final String signature;

    Kernel(String source, String entry, String signature) {
        this.source = source;
        this.entry = entry;
        this.signature = signature;
    }

    /**
     * The parameter types, one letter each: {@code i} int, {@code l} long long, {@code f} float,
     * {@code p} pointer. {@link CudaKernels#launch} checks the arguments against it (a wrong launch
     * would otherwise read garbage on the GPU), and the kernel test checks it against the PTX.
     */
    String signature() {
        return signature;
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
