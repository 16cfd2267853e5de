package dev.jnn.backend.cuda.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * cuDNN 9 ({@code libcudnn.so.9}) through FFM, its legacy API only: handle, tensor, filter,
 * convolution, pooling and activation descriptors, convolution forward and both backward passes
 * with algorithm search and workspace sizes, pooling, activation, softmax and batch norm.
 *
 * <p>cuDNN calls are coarse (one per layer and step), so the bindings go through
 * {@code invokeWithArguments}: its boxing costs about a microsecond, noise beside a kernel launch,
 * and it keeps forty signatures readable. Status names come from {@code cudnnGetErrorString}.
 *
 * <p>Enum values are from cuDNN's documentation and public copies of cudnn.h / cudnn_ops.h
 * (cuDNN's headers are not installed here); see the module README for which were cross-checked.
 */
final class Cudnn {
    static final int DATA_FLOAT = 0;
    static final int TENSOR_NCHW = 0;
    static final int CROSS_CORRELATION = 1;
    static final int DEFAULT_MATH = 0;
    /** {@code CUDNN_TENSOR_OP_MATH}: allows tensor cores, hence TF32 for FP32 convolutions on Ampere and later. */
    static final int TENSOR_OP_MATH = 1;
    /** {@code CUDNN_FMA_MATH}: full FP32, no TF32. */
    static final int FMA_MATH = 3;
    static final int POOLING_MAX = 0;
    static final int POOLING_AVERAGE_INCLUDE_PADDING = 1;
    /** Deterministic max pooling: ties go to one input, as PyTorch's max-pool backward does. */
    static final int POOLING_MAX_DETERMINISTIC = 3;
    static final int NOT_PROPAGATE_NAN = 0;
    static final int PROPAGATE_NAN = 1;
    static final int ACTIVATION_SIGMOID = 0;
    static final int ACTIVATION_RELU = 1;
    static final int ACTIVATION_TANH = 2;
    static final int SOFTMAX_ACCURATE = 1;
    static final int SOFTMAX_LOG = 2;
    static final int SOFTMAX_MODE_INSTANCE = 0;
    static final int BATCHNORM_PER_ACTIVATION = 0;
    static final int BATCHNORM_SPATIAL = 1;

    private static final List<String> PRELOAD = List.of("libcudnn_graph.so.9", "libcudnn_engines_precompiled.so.9",
            "libcudnn_engines_runtime_compiled.so.9", "libcudnn_heuristic.so.9", "libcudnn_ops.so.9",
            "libcudnn_cnn.so.9", "libcudnn_adv.so.9");
    private static final List<NativeLibrary> SUBLIBRARIES = preloadSublibraries();
    private static final NativeLibrary LIB = NativeLibrary.load(CudaLibrary.CUDNN);

    private static final FunctionDescriptor S1 = FunctionDescriptor.of(JAVA_INT, ADDRESS);
    private static final FunctionDescriptor S2 = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);

    private static final MethodHandle GET_VERSION = LIB.downcall("cudnnGetVersion", FunctionDescriptor.of(JAVA_LONG));
    private static final MethodHandle GET_ERROR_STRING = LIB.downcall("cudnnGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    static final MethodHandle CREATE = LIB.downcall("cudnnCreate", S1);
    static final MethodHandle DESTROY = LIB.downcall("cudnnDestroy", S1);
    static final MethodHandle SET_STREAM = LIB.downcall("cudnnSetStream", S2);
    static final MethodHandle CREATE_TENSOR = LIB.downcall("cudnnCreateTensorDescriptor", S1);
    static final MethodHandle DESTROY_TENSOR = LIB.downcall("cudnnDestroyTensorDescriptor", S1);
    static final MethodHandle SET_TENSOR_4D = LIB.downcall("cudnnSetTensor4dDescriptor",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    static final MethodHandle CREATE_FILTER = LIB.downcall("cudnnCreateFilterDescriptor", S1);
    static final MethodHandle DESTROY_FILTER = LIB.downcall("cudnnDestroyFilterDescriptor", S1);
    // Note the order: data type before format here, format before data type for tensors.
    static final MethodHandle SET_FILTER_4D = LIB.downcall("cudnnSetFilter4dDescriptor",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    static final MethodHandle CREATE_CONVOLUTION = LIB.downcall("cudnnCreateConvolutionDescriptor", S1);
    static final MethodHandle DESTROY_CONVOLUTION = LIB.downcall("cudnnDestroyConvolutionDescriptor", S1);
    static final MethodHandle SET_CONVOLUTION_2D = LIB.downcall("cudnnSetConvolution2dDescriptor", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    static final MethodHandle SET_CONVOLUTION_MATH_TYPE = LIB.downcall("cudnnSetConvolutionMathType",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final FunctionDescriptor ALGO_QUERY = FunctionDescriptor.of(JAVA_INT,
            ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
    private static final FunctionDescriptor WORKSPACE_QUERY = FunctionDescriptor.of(JAVA_INT,
            ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
    private static final FunctionDescriptor CONV_RUN = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS,
            ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS);
    static final MethodHandle GET_FWD_ALGO_V7 = LIB.downcall("cudnnGetConvolutionForwardAlgorithm_v7", ALGO_QUERY);
    static final MethodHandle FIND_FWD_ALGO = LIB.downcall("cudnnFindConvolutionForwardAlgorithm", ALGO_QUERY);
    static final MethodHandle FWD_WORKSPACE = LIB.downcall("cudnnGetConvolutionForwardWorkspaceSize", WORKSPACE_QUERY);
    static final MethodHandle CONVOLUTION_FORWARD = LIB.downcall("cudnnConvolutionForward", CONV_RUN);
    static final MethodHandle GET_BWD_DATA_ALGO_V7 = LIB.downcall("cudnnGetConvolutionBackwardDataAlgorithm_v7", ALGO_QUERY);
    static final MethodHandle FIND_BWD_DATA_ALGO = LIB.downcall("cudnnFindConvolutionBackwardDataAlgorithm", ALGO_QUERY);
    static final MethodHandle BWD_DATA_WORKSPACE = LIB.downcall("cudnnGetConvolutionBackwardDataWorkspaceSize", WORKSPACE_QUERY);
    static final MethodHandle CONVOLUTION_BACKWARD_DATA = LIB.downcall("cudnnConvolutionBackwardData", CONV_RUN);
    static final MethodHandle GET_BWD_FILTER_ALGO_V7 = LIB.downcall("cudnnGetConvolutionBackwardFilterAlgorithm_v7", ALGO_QUERY);
    static final MethodHandle FIND_BWD_FILTER_ALGO = LIB.downcall("cudnnFindConvolutionBackwardFilterAlgorithm", ALGO_QUERY);
    static final MethodHandle BWD_FILTER_WORKSPACE = LIB.downcall("cudnnGetConvolutionBackwardFilterWorkspaceSize", WORKSPACE_QUERY);
    static final MethodHandle CONVOLUTION_BACKWARD_FILTER = LIB.downcall("cudnnConvolutionBackwardFilter", CONV_RUN);
    static final MethodHandle CONVOLUTION_BACKWARD_BIAS = LIB.downcall("cudnnConvolutionBackwardBias",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle ADD_TENSOR = LIB.downcall("cudnnAddTensor",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle CONVOLUTION_OUTPUT_DIM = LIB.downcall("cudnnGetConvolution2dForwardOutputDim",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle POOLING_OUTPUT_DIM = LIB.downcall("cudnnGetPooling2dForwardOutputDim",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle TENSOR_SIZE_IN_BYTES = LIB.downcall("cudnnGetTensorSizeInBytes", S2);
    static final MethodHandle CREATE_POOLING = LIB.downcall("cudnnCreatePoolingDescriptor", S1);
    static final MethodHandle DESTROY_POOLING = LIB.downcall("cudnnDestroyPoolingDescriptor", S1);
    static final MethodHandle SET_POOLING_2D = LIB.downcall("cudnnSetPooling2dDescriptor", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    static final MethodHandle POOLING_FORWARD = LIB.downcall("cudnnPoolingForward", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle POOLING_BACKWARD = LIB.downcall("cudnnPoolingBackward", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle CREATE_ACTIVATION = LIB.downcall("cudnnCreateActivationDescriptor", S1);
    static final MethodHandle DESTROY_ACTIVATION = LIB.downcall("cudnnDestroyActivationDescriptor", S1);
    static final MethodHandle SET_ACTIVATION = LIB.downcall("cudnnSetActivationDescriptor",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_DOUBLE));
    static final MethodHandle ACTIVATION_FORWARD = LIB.downcall("cudnnActivationForward", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle ACTIVATION_BACKWARD = LIB.downcall("cudnnActivationBackward", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle SOFTMAX_FORWARD = LIB.downcall("cudnnSoftmaxForward", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle SOFTMAX_BACKWARD = LIB.downcall("cudnnSoftmaxBackward", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle DERIVE_BN_DESCRIPTOR = LIB.downcall("cudnnDeriveBNTensorDescriptor",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    static final MethodHandle BN_FORWARD_TRAINING = LIB.downcall("cudnnBatchNormalizationForwardTraining", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
            JAVA_DOUBLE, ADDRESS, ADDRESS, JAVA_DOUBLE, ADDRESS, ADDRESS));
    static final MethodHandle BN_FORWARD_INFERENCE = LIB.downcall("cudnnBatchNormalizationForwardInference", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
            ADDRESS, ADDRESS, JAVA_DOUBLE));
    static final MethodHandle BN_BACKWARD = LIB.downcall("cudnnBatchNormalizationBackward", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
            ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_DOUBLE, ADDRESS, ADDRESS));

    private Cudnn() {
    }

    /**
     * cuDNN 9 opens its sub-libraries ({@code libcudnn_ops.so.9}, {@code libcudnn_cnn.so.9}, …) by bare
     * name at run time. Loading them first from the folder where libcudnn was found makes the dynamic
     * linker reuse them by soname whatever the RPATH or LD_LIBRARY_PATH says. A sub-library that is
     * absent is skipped (cuDNN reports the op it cannot run); one that fails to load is reported.
     */
    private static List<NativeLibrary> preloadSublibraries() {
        Path dir = CudaLibraries.system().require(CudaLibrary.CUDNN).getParent();
        List<NativeLibrary> loaded = new ArrayList<>();
        for (String name : PRELOAD) {
            Path f = dir.resolve(name);
            if (Files.isRegularFile(f)) loaded.add(NativeLibrary.load(CudaLibrary.CUDNN, f));
        }
        return List.copyOf(loaded);
    }

    /** The sub-libraries loaded ahead of libcudnn, for the probe's report. */
    static List<Path> sublibraries() {
        return SUBLIBRARIES.stream().map(NativeLibrary::file).toList();
    }

    /** {@code cudnnGetVersion()}: major·10000 + minor·100 + patch for cuDNN 9, such as 91300. */
    static long version() {
        try {
            return (long) GET_VERSION.invokeExact();
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** Runs a status-returning cuDNN function and throws {@link CudaException} naming it on failure. */
    static void call(MethodHandle function, String name, Object... args) {
        int status;
        try {
            status = (int) function.invokeWithArguments(args);
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
        if (status != 0) throw new CudaException(name, status, errorString(status), "");
    }

    static String errorString(int status) {
        try {
            return CudaRuntime.cString((MemorySegment) GET_ERROR_STRING.invokeExact(status), "cudnnStatus " + status);
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** Creates an opaque cuDNN object with {@code create} (a {@code cudnnCreate…} handle) and returns it. */
    static MemorySegment create(MethodHandle create, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            call(create, name, out);
            return out.get(ADDRESS, 0);
        }
    }

    /**
     * The {@code [n, c, h, w]} output that cuDNN computes for a convolution ({@code filter} not null)
     * or a pooling ({@code filter} null) descriptor on {@code input}.
     */
    static int[] outputDims(MemorySegment opDesc, MemorySegment input, MemorySegment filter) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment dims = a.allocate(JAVA_INT, 4);
            MemorySegment n = dims, c = dims.asSlice(4), h = dims.asSlice(8), w = dims.asSlice(12);
            if (filter != null) {
                call(CONVOLUTION_OUTPUT_DIM, "cudnnGetConvolution2dForwardOutputDim", opDesc, input, filter, n, c, h, w);
            } else {
                call(POOLING_OUTPUT_DIM, "cudnnGetPooling2dForwardOutputDim", opDesc, input, n, c, h, w);
            }
            return dims.toArray(JAVA_INT);
        }
    }

    /** {@code cudnnGetTensorSizeInBytes}: the bytes a tensor descriptor covers. */
    static long sizeInBytes(MemorySegment tensorDesc) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment size = a.allocate(JAVA_LONG);
            call(TENSOR_SIZE_IN_BYTES, "cudnnGetTensorSizeInBytes", tensorDesc, size);
            return size.get(JAVA_LONG, 0);
        }
    }

    /** The workspace size in bytes that {@code query} (a {@code cudnnGet…WorkspaceSize}) reports. */
    static long workspaceSize(MethodHandle query, String name, MemorySegment handle, MemorySegment d1,
                              MemorySegment d2, MemorySegment conv, MemorySegment d3, int algo) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment size = a.allocate(JAVA_LONG);
            call(query, name, handle, d1, d2, conv, d3, algo, size);
            return size.get(JAVA_LONG, 0);
        }
    }

    /**
     * The fastest algorithm that {@code query} ({@code cudnnFind…} or {@code cudnnGet…_v7}) ranks first
     * among those that succeeded and fit in {@code maxWorkspace} bytes.
     *
     * @return {@code {algo, workspaceBytes}}
     */
    static long[] chooseAlgorithm(MethodHandle query, String name, MemorySegment handle, MemorySegment d1,
                                  MemorySegment d2, MemorySegment conv, MemorySegment d3, long maxWorkspace) {
        int requested = 8;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment count = a.allocate(JAVA_INT);
            MemorySegment perf = a.allocate(CudnnAlgoPerf.LAYOUT, requested);
            call(query, name, handle, d1, d2, conv, d3, requested, count, perf);
            for (int i = 0; i < count.get(JAVA_INT, 0); i++) {
                long base = i * CudnnAlgoPerf.LAYOUT.byteSize();
                long memory = perf.get(JAVA_LONG, base + CudnnAlgoPerf.MEMORY);
                if (perf.get(JAVA_INT, base + CudnnAlgoPerf.STATUS) == 0 && memory <= maxWorkspace) {
                    return new long[] {perf.get(JAVA_INT, base + CudnnAlgoPerf.ALGO), memory};
                }
            }
        }
        throw new CudaException(name, -1, "no algorithm fits in " + maxWorkspace + " bytes of workspace", "");
    }
}
