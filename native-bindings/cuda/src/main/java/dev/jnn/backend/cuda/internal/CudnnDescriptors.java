package dev.jnn.backend.cuda.internal;

import dev.jnn.core.spi.TensorView;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The cuDNN descriptors of one call, destroyed together when it closes (try-with-resources), in
 * reverse order of creation.
 */
final class CudnnDescriptors implements AutoCloseable {
    private record Owned(MemorySegment handle, MethodHandle destroy, String name) {
    }

    private final List<Owned> owned = new ArrayList<>();

    /** An NCHW float tensor descriptor of the given sizes. */
    MemorySegment tensor(int n, int c, int h, int w) {
        MemorySegment d = create(Cudnn.CREATE_TENSOR, Cudnn.DESTROY_TENSOR, "cudnnCreateTensorDescriptor", "cudnnDestroyTensorDescriptor");
        Cudnn.call(Cudnn.SET_TENSOR_4D, "cudnnSetTensor4dDescriptor", d, Cudnn.TENSOR_NCHW, Cudnn.DATA_FLOAT, n, c, h, w);
        return d;
    }

    /** A descriptor for {@code t} read as NCHW: rank 2 is {@code [N, C, 1, 1]}, rank 3 {@code [N, C, L, 1]}. */
    MemorySegment tensor(TensorView t) {
        int[] d = t.shape().dims();
        return switch (d.length) {
            case 1 -> tensor(1, d[0], 1, 1);
            case 2 -> tensor(d[0], d[1], 1, 1);
            case 3 -> tensor(d[0], d[1], d[2], 1);
            case 4 -> tensor(d[0], d[1], d[2], d[3]);
            default -> throw new UnsupportedOperationException("cuda backend: cuDNN op on a rank-" + d.length + " tensor " + t.shape());
        };
    }

    /** A {@code [K, C, kh, kw]} float filter descriptor for the weight tensor {@code w}. */
    MemorySegment filter(TensorView w) {
        return filter(w.size(0), w.size(1), w.size(2), w.size(3));
    }

    /** A {@code [k, c, kh, kw]} float filter descriptor. */
    MemorySegment filter(int k, int c, int kh, int kw) {
        MemorySegment d = create(Cudnn.CREATE_FILTER, Cudnn.DESTROY_FILTER, "cudnnCreateFilterDescriptor", "cudnnDestroyFilterDescriptor");
        Cudnn.call(Cudnn.SET_FILTER_4D, "cudnnSetFilter4dDescriptor", d, Cudnn.DATA_FLOAT, Cudnn.TENSOR_NCHW, k, c, kh, kw);
        return d;
    }

    /** A cross-correlation (what deep learning calls convolution) descriptor with FP32 compute. */
    MemorySegment convolution(dev.jnn.core.spi.Conv2dSpec s, boolean allowTf32) {
        MemorySegment d = create(Cudnn.CREATE_CONVOLUTION, Cudnn.DESTROY_CONVOLUTION, "cudnnCreateConvolutionDescriptor",
                "cudnnDestroyConvolutionDescriptor");
        Cudnn.call(Cudnn.SET_CONVOLUTION_2D, "cudnnSetConvolution2dDescriptor", d, s.padH(), s.padW(), s.strideH(), s.strideW(),
                s.dilationH(), s.dilationW(), Cudnn.CROSS_CORRELATION, Cudnn.DATA_FLOAT);
        Cudnn.call(Cudnn.SET_CONVOLUTION_MATH_TYPE, "cudnnSetConvolutionMathType", d,
                allowTf32 ? Cudnn.TENSOR_OP_MATH : Cudnn.FMA_MATH);
        return d;
    }

    /** A pooling descriptor. */
    MemorySegment pooling(dev.jnn.core.spi.Pool2dSpec s, int mode) {
        MemorySegment d = create(Cudnn.CREATE_POOLING, Cudnn.DESTROY_POOLING, "cudnnCreatePoolingDescriptor",
                "cudnnDestroyPoolingDescriptor");
        Cudnn.call(Cudnn.SET_POOLING_2D, "cudnnSetPooling2dDescriptor", d, mode, Cudnn.PROPAGATE_NAN, s.kernelH(), s.kernelW(),
                s.padH(), s.padW(), s.strideH(), s.strideW());
        return d;
    }

    /** The per-channel {@code [1, C, 1, 1]} descriptor that batch norm derives from {@code x}. */
    MemorySegment batchNorm(MemorySegment xDesc, int mode) {
        MemorySegment d = create(Cudnn.CREATE_TENSOR, Cudnn.DESTROY_TENSOR, "cudnnCreateTensorDescriptor", "cudnnDestroyTensorDescriptor");
        Cudnn.call(Cudnn.DERIVE_BN_DESCRIPTOR, "cudnnDeriveBNTensorDescriptor", d, xDesc, mode);
        return d;
    }

    private MemorySegment create(MethodHandle create, MethodHandle destroy, String createName, String destroyName) {
        MemorySegment d = Cudnn.create(create, createName);
        owned.add(new Owned(d, destroy, destroyName));
        return d;
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            Owned o = owned.get(i);
            Cudnn.call(o.destroy(), o.name(), o.handle());
        }
        owned.clear();
    }
}
