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
    MAX_POOL2D_BACKWARD("pool", "max_pool2d_backward_f32", "pppiii"),
    STRIDED_COPY("layout", "strided_copy_f32", "pplL"),
    STRIDED_WRITE("layout", "strided_write_f32", "pplL"),
    BINARY_STRIDED("layout", "binary_strided_f32", "ippplL"),
    REDUCE_DIM("layout", "reduce_dim_f32", "ipplil"),
    SUM_TO_SHAPE("layout", "sum_to_shape_f32", "pplL"),
    INDEX_SELECT("layout", "index_select_f32", "pppliil"),
    INDEX_ADD("layout", "index_add_f32", "pppliil"),
    GATHER("layout", "gather_f32", "pppliL"),
    SCATTER_ADD("layout", "scatter_add_f32", "pppliL");

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
     * {@code p} pointer, {@code L} a
     * {@code Layout} struct by value (rank, then dims and two stride sets of 8 long longs: {@link #layout}). {@link CudaKernels#launch} checks the arguments against it (a wrong launch
     * would otherwise read garbage on the GPU), and the kernel test checks it against the PTX.
     */
    String signature() {
        return signature;
    }

    /** Longs in a {@code Layout}: the rank, then 8 dims, 8 strides and 8 more strides. */
    static final int LAYOUT_LONGS = 25;

    /**
     * A {@code Layout} argument: {@code dims} with strides {@code s0} and {@code s1} (null for none).
     *
     * @throws UnsupportedOperationException beyond 8 dimensions
     */
    static long[] layout(int[] dims, long[] s0, long[] s1) {
        if (dims.length > 8) {
            throw new UnsupportedOperationException("cuda backend: layout ops support up to 8 dimensions, got " + dims.length);
        }
        long[] l = new long[LAYOUT_LONGS];
        l[0] = dims.length;
        for (int d = 0; d < dims.length; d++) {
            l[1 + d] = dims[d];
            l[9 + d] = s0 == null ? 0 : s0[d];
            l[17 + d] = s1 == null ? 0 : s1[d];
        }
        return l;
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
