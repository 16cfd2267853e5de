package dev.jnn.backend.cuda.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * cuBLAS ({@code libcublas.so.13} or {@code .12}) through FFM: handles and single-precision GEMM.
 * cuBLAS is column-major; a row-major {@code C[m,n] = A[m,k]·B[k,n]} is
 * {@code sgemm(N, N, n, m, k, α, B, n, A, k, β, C, n)}.
 *
 * <p>Loads {@code libcublasLt} from the same discovery first, because libcublas links against it
 * and the dynamic linker would otherwise look for it only along its own RPATH.
 * Enum values are from NVIDIA's cuBLAS documentation (cublas_api.h is not installed here).
 */
final class Cublas {
    static final int OP_N = 0;
    static final int OP_T = 1;
    /** {@code cublasMath_t}: CUBLAS_DEFAULT_MATH keeps FP32 GEMM in full FP32 (PyTorch's default for matmul). */
    static final int DEFAULT_MATH = 0;
    /** {@code CUBLAS_TF32_TENSOR_OP_MATH}: lets FP32 GEMM use TF32 tensor cores. */
    static final int TF32_TENSOR_OP_MATH = 3;
    /** {@code libraryPropertyType} for cublasGetProperty. */
    static final int MAJOR_VERSION = 0;
    static final int MINOR_VERSION = 1;
    static final int PATCH_LEVEL = 2;

    @SuppressWarnings("unused") // held so that libcublasLt stays loaded before libcublas resolves it
    private static final NativeLibrary LT = NativeLibrary.load(CudaLibrary.CUBLASLT);
    private static final NativeLibrary LIB = NativeLibrary.load(CudaLibrary.CUBLAS);

    private static final MethodHandle CREATE = LIB.downcall("cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle DESTROY = LIB.downcall("cublasDestroy_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SET_STREAM = LIB.downcall("cublasSetStream_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SET_MATH_MODE = LIB.downcall("cublasSetMathMode", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GET_VERSION = LIB.downcall("cublasGetVersion_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle GET_PROPERTY = LIB.downcall("cublasGetProperty", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle SGEMM = LIB.downcall("cublasSgemm_v2", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT,
            ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle SGEMM_STRIDED_BATCHED = LIB.downcall("cublasSgemmStridedBatched", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS,
            JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT));

    private Cublas() {
    }

    /** The name of a {@code cublasStatus_t}, as in cublas_api.h. */
    static String statusName(int status) {
        return switch (status) {
            case 0 -> "CUBLAS_STATUS_SUCCESS";
            case 1 -> "CUBLAS_STATUS_NOT_INITIALIZED";
            case 3 -> "CUBLAS_STATUS_ALLOC_FAILED";
            case 7 -> "CUBLAS_STATUS_INVALID_VALUE";
            case 8 -> "CUBLAS_STATUS_ARCH_MISMATCH";
            case 11 -> "CUBLAS_STATUS_MAPPING_ERROR";
            case 13 -> "CUBLAS_STATUS_EXECUTION_FAILED";
            case 14 -> "CUBLAS_STATUS_INTERNAL_ERROR";
            case 15 -> "CUBLAS_STATUS_NOT_SUPPORTED";
            case 16 -> "CUBLAS_STATUS_LICENSE_ERROR";
            default -> "cublasStatus " + status;
        };
    }

    static void check(int status, String function) {
        if (status != 0) throw new CudaException(function, status, statusName(status), "");
    }

    /** The library's version as {@code major.minor.patch}, without a device. */
    static String version() {
        return property(MAJOR_VERSION) + "." + property(MINOR_VERSION) + "." + property(PATCH_LEVEL);
    }

    private static int property(int type) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check((int) GET_PROPERTY.invokeExact(type, v), "cublasGetProperty");
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** A new handle on the current device; the caller destroys it. */
    static MemorySegment create() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment h = a.allocate(ADDRESS);
            check((int) CREATE.invokeExact(h), "cublasCreate_v2");
            return h.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    static void destroy(MemorySegment handle) {
        try {
            check((int) DESTROY.invokeExact(handle), "cublasDestroy_v2");
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** {@code cublasGetVersion_v2}: the version number (major·10000 + minor·100 + patch in CUDA 12+). */
    static int handleVersion(MemorySegment handle) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check((int) GET_VERSION.invokeExact(handle, v), "cublasGetVersion_v2");
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    static void setStream(MemorySegment handle, MemorySegment stream) {
        try {
            check((int) SET_STREAM.invokeExact(handle, stream), "cublasSetStream_v2");
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** {@link #DEFAULT_MATH} (full FP32) or {@link #TF32_TENSOR_OP_MATH}. */
    static void setMathMode(MemorySegment handle, int mode) {
        try {
            check((int) SET_MATH_MODE.invokeExact(handle, mode), "cublasSetMathMode");
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /**
     * Column-major {@code C = alpha·op(A)·op(B) + beta·C}; {@code alpha} and {@code beta} point to host floats
     * (the default pointer mode). All matrices are device pointers.
     */
    static void sgemm(MemorySegment handle, int transA, int transB, int m, int n, int k, MemorySegment alpha,
                      MemorySegment a, int lda, MemorySegment b, int ldb, MemorySegment beta, MemorySegment c, int ldc) {
        try {
            check((int) SGEMM.invokeExact(handle, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc), "cublasSgemm_v2");
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** {@link #sgemm} over {@code batch} matrices spaced by the given strides (in elements). */
    static void sgemmStridedBatched(MemorySegment handle, int transA, int transB, int m, int n, int k, MemorySegment alpha,
                                    MemorySegment a, int lda, long strideA, MemorySegment b, int ldb, long strideB,
                                    MemorySegment beta, MemorySegment c, int ldc, long strideC, int batch) {
        try {
            check((int) SGEMM_STRIDED_BATCHED.invokeExact(handle, transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb,
                    strideB, beta, c, ldc, strideC, batch), "cublasSgemmStridedBatched");
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** A host float for the alpha/beta arguments. */
    static MemorySegment scalar(Arena arena, float value) {
        MemorySegment s = arena.allocate(JAVA_FLOAT);
        s.set(JAVA_FLOAT, 0, value);
        return s;
    }
}
