package dev.jnn.backend.onednn.internal;

import static dev.jnn.backend.onednn.internal.Native.FLOAT;
import static dev.jnn.backend.onednn.internal.Native.INT;
import static dev.jnn.backend.onednn.internal.Native.PTR;
import static dev.jnn.backend.onednn.internal.Native.rethrow;
import static dev.jnn.backend.onednn.internal.Native.status;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The {@code dnnl_*_primitive_desc_create} functions of the oneDNN 3.x C API: each fills
 * {@code dnnl_primitive_desc_t *} (the first argument, supplied here) and returns a status.
 *
 * <p>These run once per shape (results are cached by the operation classes), so the wrappers use
 * {@code invokeWithArguments} rather than a hand-typed {@code invokeExact} per function.
 */
final class PrimitiveDescCalls {
    // dnnl_prop_kind_t
    static final int FORWARD_TRAINING = 64;
    static final int FORWARD_INFERENCE = 96;
    static final int BACKWARD = 128;
    static final int BACKWARD_DATA = 160;

    // dnnl_alg_kind_t
    static final int CONVOLUTION_DIRECT = 0x1;
    static final int ELTWISE_RELU = 0x20;
    static final int ELTWISE_TANH = 0x21;
    static final int ELTWISE_SQUARE = 0x23;
    static final int ELTWISE_ABS = 0x24;
    static final int ELTWISE_SQRT = 0x25;
    static final int ELTWISE_LINEAR = 0x26;
    static final int ELTWISE_LOGISTIC = 0x29;
    static final int ELTWISE_EXP = 0x2a;
    static final int ELTWISE_LOG = 0x2d;
    static final int ELTWISE_POW = 0x30;
    static final int ELTWISE_TANH_USE_DST_FOR_BWD = 0x101;
    static final int ELTWISE_SQRT_USE_DST_FOR_BWD = 0x103;
    static final int ELTWISE_LOGISTIC_USE_DST_FOR_BWD = 0x104;
    static final int ELTWISE_EXP_USE_DST_FOR_BWD = 0x105;
    static final int POOLING_AVG_INCLUDE_PADDING = 0x2ff;
    static final int BINARY_ADD = 0x1fff0;
    static final int BINARY_MUL = 0x1fff1;
    static final int BINARY_MAX = 0x1fff2;
    static final int BINARY_MIN = 0x1fff3;
    static final int BINARY_DIV = 0x1fff4;
    static final int BINARY_SUB = 0x1fff5;
    static final int BINARY_GE = 0x1fff6;
    static final int BINARY_GT = 0x1fff7;
    static final int BINARY_LE = 0x1fff8;
    static final int BINARY_LT = 0x1fff9;
    static final int BINARY_EQ = 0x1fffa;
    static final int BINARY_NE = 0x1fffb;
    static final int REDUCTION_MAX = 0x2fff2;
    static final int REDUCTION_MIN = 0x2fff3;
    static final int REDUCTION_SUM = 0x2fff4;
    static final int REDUCTION_MEAN = 0x2fff6;
    static final int SOFTMAX_ACCURATE = 0x30000;
    static final int SOFTMAX_LOG = 0x30001;

    // dnnl_normalization_flags_t
    static final int USE_GLOBAL_STATS = 0x1;
    static final int USE_SCALE = 0x2;
    static final int USE_SHIFT = 0x4;

    private static final MethodHandle CONV_FWD = status("dnnl_convolution_forward_primitive_desc_create",
            PTR, PTR, INT, INT, PTR, PTR, PTR, PTR, PTR, PTR, PTR, PTR, PTR);
    private static final MethodHandle CONV_BWD_DATA = status("dnnl_convolution_backward_data_primitive_desc_create",
            PTR, PTR, INT, PTR, PTR, PTR, PTR, PTR, PTR, PTR, PTR, PTR);
    private static final MethodHandle CONV_BWD_WEIGHTS = status("dnnl_convolution_backward_weights_primitive_desc_create",
            PTR, PTR, INT, PTR, PTR, PTR, PTR, PTR, PTR, PTR, PTR, PTR, PTR);
    private static final MethodHandle IP_FWD = status("dnnl_inner_product_forward_primitive_desc_create",
            PTR, PTR, INT, PTR, PTR, PTR, PTR, PTR);
    private static final MethodHandle IP_BWD_DATA = status("dnnl_inner_product_backward_data_primitive_desc_create",
            PTR, PTR, PTR, PTR, PTR, PTR, PTR);
    private static final MethodHandle IP_BWD_WEIGHTS = status("dnnl_inner_product_backward_weights_primitive_desc_create",
            PTR, PTR, PTR, PTR, PTR, PTR, PTR, PTR);
    private static final MethodHandle POOL_FWD = status("dnnl_pooling_forward_primitive_desc_create",
            PTR, PTR, INT, INT, PTR, PTR, PTR, PTR, PTR, PTR, PTR, PTR);
    private static final MethodHandle POOL_BWD = status("dnnl_pooling_backward_primitive_desc_create",
            PTR, PTR, INT, PTR, PTR, PTR, PTR, PTR, PTR, PTR, PTR, PTR);
    private static final MethodHandle ELTWISE_FWD = status("dnnl_eltwise_forward_primitive_desc_create",
            PTR, PTR, INT, INT, PTR, PTR, FLOAT, FLOAT, PTR);
    private static final MethodHandle ELTWISE_BWD = status("dnnl_eltwise_backward_primitive_desc_create",
            PTR, PTR, INT, PTR, PTR, PTR, FLOAT, FLOAT, PTR, PTR);
    private static final MethodHandle SOFTMAX_FWD = status("dnnl_softmax_forward_primitive_desc_create",
            PTR, PTR, INT, INT, PTR, PTR, INT, PTR);
    private static final MethodHandle SOFTMAX_BWD = status("dnnl_softmax_backward_primitive_desc_create",
            PTR, PTR, INT, PTR, PTR, PTR, INT, PTR, PTR);
    private static final MethodHandle BNORM_FWD = status("dnnl_batch_normalization_forward_primitive_desc_create",
            PTR, PTR, INT, PTR, PTR, FLOAT, INT, PTR);
    private static final MethodHandle BNORM_BWD = status("dnnl_batch_normalization_backward_primitive_desc_create",
            PTR, PTR, INT, PTR, PTR, PTR, FLOAT, INT, PTR, PTR);

    private static final MethodHandle BINARY = status("dnnl_binary_primitive_desc_create",
            PTR, PTR, INT, PTR, PTR, PTR, PTR);
    private static final MethodHandle REDUCTION = status("dnnl_reduction_primitive_desc_create",
            PTR, PTR, INT, PTR, PTR, FLOAT, FLOAT, PTR);

    private PrimitiveDescCalls() {
    }

    private static MemorySegment create(String name, MethodHandle h, Object context, Object... args) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(PTR);
            Object[] all = new Object[args.length + 1];
            all[0] = out;
            System.arraycopy(args, 0, all, 1, args.length);
            int s = (int) h.invokeWithArguments(all);
            OneDnnException.check(name, s, context);
            return out.get(PTR, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static MemorySegment orNull(MemorySegment s) {
        return s == null ? MemorySegment.NULL : s;
    }

    static MemorySegment convolutionForward(MemorySegment engine, int prop, MemorySegment src, MemorySegment weights,
                                            MemorySegment bias, MemorySegment dst, MemorySegment strides,
                                            MemorySegment dilates, MemorySegment padL, MemorySegment padR,
                                            MemorySegment attr, Object context) {
        return create("dnnl_convolution_forward_primitive_desc_create", CONV_FWD, context, engine, prop,
                CONVOLUTION_DIRECT, src, weights, orNull(bias), dst, strides, dilates, padL, padR, orNull(attr));
    }

    static MemorySegment convolutionBackwardData(MemorySegment engine, MemorySegment diffSrc, MemorySegment weights,
                                                 MemorySegment diffDst, MemorySegment strides, MemorySegment dilates,
                                                 MemorySegment padL, MemorySegment padR, MemorySegment hint, Object context) {
        return create("dnnl_convolution_backward_data_primitive_desc_create", CONV_BWD_DATA, context, engine,
                CONVOLUTION_DIRECT, diffSrc, weights, diffDst, strides, dilates, padL, padR, hint, MemorySegment.NULL);
    }

    static MemorySegment convolutionBackwardWeights(MemorySegment engine, MemorySegment src, MemorySegment diffWeights,
                                                    MemorySegment diffBias, MemorySegment diffDst, MemorySegment strides,
                                                    MemorySegment dilates, MemorySegment padL, MemorySegment padR,
                                                    MemorySegment hint, Object context) {
        return create("dnnl_convolution_backward_weights_primitive_desc_create", CONV_BWD_WEIGHTS, context, engine,
                CONVOLUTION_DIRECT, src, diffWeights, orNull(diffBias), diffDst, strides, dilates, padL, padR, hint,
                MemorySegment.NULL);
    }

    static MemorySegment innerProductForward(MemorySegment engine, int prop, MemorySegment src, MemorySegment weights,
                                             MemorySegment bias, MemorySegment dst, MemorySegment attr, Object context) {
        return create("dnnl_inner_product_forward_primitive_desc_create", IP_FWD, context, engine, prop, src, weights,
                orNull(bias), dst, orNull(attr));
    }

    static MemorySegment innerProductBackwardData(MemorySegment engine, MemorySegment diffSrc, MemorySegment weights,
                                                  MemorySegment diffDst, MemorySegment hint, Object context) {
        return create("dnnl_inner_product_backward_data_primitive_desc_create", IP_BWD_DATA, context, engine, diffSrc,
                weights, diffDst, hint, MemorySegment.NULL);
    }

    static MemorySegment innerProductBackwardWeights(MemorySegment engine, MemorySegment src, MemorySegment diffWeights,
                                                     MemorySegment diffBias, MemorySegment diffDst, MemorySegment hint,
                                                     Object context) {
        return create("dnnl_inner_product_backward_weights_primitive_desc_create", IP_BWD_WEIGHTS, context, engine, src,
                diffWeights, orNull(diffBias), diffDst, hint, MemorySegment.NULL);
    }

    static MemorySegment poolingForward(MemorySegment engine, int prop, int alg, MemorySegment src, MemorySegment dst,
                                        MemorySegment strides, MemorySegment kernel, MemorySegment dilation,
                                        MemorySegment padL, MemorySegment padR, Object context) {
        return create("dnnl_pooling_forward_primitive_desc_create", POOL_FWD, context, engine, prop, alg, src, dst,
                strides, kernel, dilation, padL, padR, MemorySegment.NULL);
    }

    static MemorySegment poolingBackward(MemorySegment engine, int alg, MemorySegment diffSrc, MemorySegment diffDst,
                                         MemorySegment strides, MemorySegment kernel, MemorySegment dilation,
                                         MemorySegment padL, MemorySegment padR, MemorySegment hint, Object context) {
        return create("dnnl_pooling_backward_primitive_desc_create", POOL_BWD, context, engine, alg, diffSrc, diffDst,
                strides, kernel, dilation, padL, padR, hint, MemorySegment.NULL);
    }

    static MemorySegment eltwiseForward(MemorySegment engine, int prop, int alg, MemorySegment src, MemorySegment dst,
                                        float alpha, float beta, Object context) {
        return create("dnnl_eltwise_forward_primitive_desc_create", ELTWISE_FWD, context, engine, prop, alg, src, dst,
                alpha, beta, MemorySegment.NULL);
    }

    static MemorySegment eltwiseBackward(MemorySegment engine, int alg, MemorySegment diffSrc, MemorySegment diffDst,
                                         MemorySegment data, float alpha, float beta, MemorySegment hint, Object context) {
        return create("dnnl_eltwise_backward_primitive_desc_create", ELTWISE_BWD, context, engine, alg, diffSrc, diffDst,
                data, alpha, beta, hint, MemorySegment.NULL);
    }

    static MemorySegment softmaxForward(MemorySegment engine, int prop, int alg, MemorySegment src, MemorySegment dst,
                                        int axis, Object context) {
        return create("dnnl_softmax_forward_primitive_desc_create", SOFTMAX_FWD, context, engine, prop, alg, src, dst,
                axis, MemorySegment.NULL);
    }

    static MemorySegment softmaxBackward(MemorySegment engine, int alg, MemorySegment diffSrc, MemorySegment diffDst,
                                         MemorySegment dst, int axis, MemorySegment hint, Object context) {
        return create("dnnl_softmax_backward_primitive_desc_create", SOFTMAX_BWD, context, engine, alg, diffSrc, diffDst,
                dst, axis, hint, MemorySegment.NULL);
    }

    static MemorySegment batchNormForward(MemorySegment engine, int prop, MemorySegment src, MemorySegment dst,
                                          float eps, int flags, Object context) {
        return create("dnnl_batch_normalization_forward_primitive_desc_create", BNORM_FWD, context, engine, prop, src,
                dst, eps, flags, MemorySegment.NULL);
    }

    static MemorySegment batchNormBackward(MemorySegment engine, int prop, MemorySegment diffSrc, MemorySegment diffDst,
                                           MemorySegment src, float eps, int flags, MemorySegment hint, Object context) {
        return create("dnnl_batch_normalization_backward_primitive_desc_create", BNORM_BWD, context, engine, prop,
                diffSrc, diffDst, src, eps, flags, hint, MemorySegment.NULL);
    }

    static MemorySegment binary(MemorySegment engine, int alg, MemorySegment src0, MemorySegment src1, MemorySegment dst,
                                Object context) {
        return create("dnnl_binary_primitive_desc_create", BINARY, context, engine, alg, src0, src1, dst,
                MemorySegment.NULL);
    }

    static MemorySegment reduction(MemorySegment engine, int alg, MemorySegment src, MemorySegment dst, Object context) {
        return create("dnnl_reduction_primitive_desc_create", REDUCTION, context, engine, alg, src, dst, 0f, 0f,
                MemorySegment.NULL);
    }
}
