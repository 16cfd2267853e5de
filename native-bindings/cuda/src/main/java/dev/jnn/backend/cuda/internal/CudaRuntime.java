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
 * The CUDA runtime ({@code libcudart.so.13} or {@code .12}) through FFM.
 *
 * <p>The class loads the library when first used, so call it only after discovery found it
 * (otherwise its initialisation fails with a {@link CudaUnavailableException} naming every place
 * searched). Every call checks its {@code cudaError_t} and throws {@link CudaException} naming the
 * function and the error. Enum values and the {@code cudaDeviceProp} offsets were checked against
 * CUDA 13.0's {@code driver_types.h} and {@code cuda_runtime_api.h} (see {@code CudaHeaderValuesTest}).
 */
@SuppressWarnings("restricted")   // reinterpret() sizes the C strings the runtime returns
final class CudaRuntime {
    /** {@code cudaMemcpyKind} values. */
    static final int MEMCPY_HOST_TO_DEVICE = 1;
    static final int MEMCPY_DEVICE_TO_HOST = 2;
    static final int MEMCPY_DEVICE_TO_DEVICE = 3;
    /** {@code cudaStreamNonBlocking}: no implicit synchronisation with the legacy default stream. */
    static final int STREAM_NON_BLOCKING = 1;
    /** {@code cudaEventDisableTiming}, for events used only to order streams. */
    static final int EVENT_DISABLE_TIMING = 2;
    /** {@code cudaDeviceAttr} values. */
    static final int ATTR_MULTIPROCESSOR_COUNT = 16;
    static final int ATTR_COMPUTE_CAPABILITY_MAJOR = 75;
    static final int ATTR_COMPUTE_CAPABILITY_MINOR = 76;
    /** {@code cudaError_t} values the probe tells apart. */
    static final int ERROR_INSUFFICIENT_DRIVER = 35;
    static final int ERROR_NO_DEVICE = 100;
    /** {@code sizeof(struct cudaDeviceProp)} in CUDA 13.0 is 1008; a larger buffer guards against growth. */
    static final long DEVICE_PROP_BYTES = 4096;
    static final long DEVICE_PROP_NAME_OFFSET = 0;        // char name[256]
    static final long DEVICE_PROP_TOTAL_MEM_OFFSET = 288; // size_t totalGlobalMem, after uuid, luid and mask

    private static final NativeLibrary LIB = NativeLibrary.load(CudaLibrary.CUDART);

    private static final MethodHandle GET_ERROR_NAME = LIB.downcall("cudaGetErrorName", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle GET_ERROR_STRING = LIB.downcall("cudaGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle GET_DEVICE_COUNT = LIB.downcall("cudaGetDeviceCount", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SET_DEVICE = LIB.downcall("cudaSetDevice", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle GET_DEVICE_PROPERTIES = LIB.downcall("cudaGetDeviceProperties", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle DEVICE_GET_ATTRIBUTE = LIB.downcall("cudaDeviceGetAttribute", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle DRIVER_GET_VERSION = LIB.downcall("cudaDriverGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle RUNTIME_GET_VERSION = LIB.downcall("cudaRuntimeGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MEM_GET_INFO = LIB.downcall("cudaMemGetInfo", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle MALLOC = LIB.downcall("cudaMalloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle FREE = LIB.downcall("cudaFree", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MALLOC_HOST = LIB.downcall("cudaMallocHost", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle FREE_HOST = LIB.downcall("cudaFreeHost", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MEMCPY_ASYNC = LIB.downcall("cudaMemcpyAsync", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS));
    private static final MethodHandle MEMSET_ASYNC = LIB.downcall("cudaMemsetAsync", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle STREAM_CREATE = LIB.downcall("cudaStreamCreateWithFlags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle STREAM_DESTROY = LIB.downcall("cudaStreamDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle STREAM_SYNCHRONIZE = LIB.downcall("cudaStreamSynchronize", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle STREAM_WAIT_EVENT = LIB.downcall("cudaStreamWaitEvent", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle EVENT_CREATE = LIB.downcall("cudaEventCreateWithFlags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle EVENT_DESTROY = LIB.downcall("cudaEventDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle EVENT_RECORD = LIB.downcall("cudaEventRecord", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle EVENT_SYNCHRONIZE = LIB.downcall("cudaEventSynchronize", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle EVENT_ELAPSED_TIME = LIB.downcall("cudaEventElapsedTime", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle DEVICE_SYNCHRONIZE = LIB.downcall("cudaDeviceSynchronize", FunctionDescriptor.of(JAVA_INT));

    private CudaRuntime() {
    }

    /** The file the runtime was loaded from. */
    static java.nio.file.Path file() {
        return LIB.file();
    }

    /** {@code cudaGetErrorName}, such as {@code cudaErrorNoDevice}. */
    static String errorName(int status) {
        try {
            return cString((MemorySegment) GET_ERROR_NAME.invokeExact(status), "cudaError " + status);
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** {@code cudaGetErrorString}, the runtime's sentence for {@code status}. */
    static String errorString(int status) {
        try {
            return cString((MemorySegment) GET_ERROR_STRING.invokeExact(status), "");
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** Throws {@link CudaException} naming {@code function} unless {@code status} is cudaSuccess (0). */
    static void check(int status, String function) {
        if (status != 0) throw new CudaException(function, status, errorName(status), errorString(status));
    }

    /** Devices visible to this process; throws (cudaErrorNoDevice, cudaErrorInsufficientDriver, …) instead of returning 0 on failure. */
    static int deviceCount() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment n = a.allocate(JAVA_INT);
            check((int) GET_DEVICE_COUNT.invokeExact(n), "cudaGetDeviceCount");
            return n.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** Makes {@code device} current for this thread. */
    static void setDevice(int device) {
        try {
            check((int) SET_DEVICE.invokeExact(device), "cudaSetDevice");
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** The device's name and total memory in bytes, from {@code cudaGetDeviceProperties}. */
    static DeviceInfo deviceInfo(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment prop = a.allocate(DEVICE_PROP_BYTES, 8);
            check((int) GET_DEVICE_PROPERTIES.invokeExact(prop, device), "cudaGetDeviceProperties");
            String name = prop.asSlice(DEVICE_PROP_NAME_OFFSET, 256).getString(0);
            long total = prop.get(JAVA_LONG, DEVICE_PROP_TOTAL_MEM_OFFSET);
            return new DeviceInfo(device, name, total, attribute(ATTR_COMPUTE_CAPABILITY_MAJOR, device),
                    attribute(ATTR_COMPUTE_CAPABILITY_MINOR, device), attribute(ATTR_MULTIPROCESSOR_COUNT, device));
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** {@code cudaDeviceGetAttribute}. */
    static int attribute(int attr, int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check((int) DEVICE_GET_ATTRIBUTE.invokeExact(v, attr, device), "cudaDeviceGetAttribute");
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** The CUDA version the installed driver supports (1000·major + 10·minor), 0 when there is no driver. */
    static int driverVersion() {
        return version(DRIVER_GET_VERSION, "cudaDriverGetVersion");
    }

    /** The version of this runtime library (1000·major + 10·minor). */
    static int runtimeVersion() {
        return version(RUNTIME_GET_VERSION, "cudaRuntimeGetVersion");
    }

    private static int version(MethodHandle h, String function) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check((int) h.invokeExact(v), function);
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** Free and total device memory in bytes, {@code {free, total}}. */
    static long[] memoryInfo() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment free = a.allocate(JAVA_LONG);
            MemorySegment total = a.allocate(JAVA_LONG);
            check((int) MEM_GET_INFO.invokeExact(free, total), "cudaMemGetInfo");
            return new long[] {free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0)};
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** {@code cudaMalloc}: a device pointer (not dereferenceable from Java) to {@code bytes} bytes. */
    static MemorySegment malloc(long bytes) {
        return allocate(MALLOC, "cudaMalloc", bytes);
    }

    /** {@code cudaFree}. */
    static void free(MemorySegment devicePointer) {
        call1(FREE, devicePointer, "cudaFree");
    }

    /** {@code cudaMallocHost}: page-locked host memory, so that async copies really are asynchronous. */
    static MemorySegment mallocHost(long bytes) {
        return allocate(MALLOC_HOST, "cudaMallocHost", bytes).reinterpret(bytes);
    }

    /** {@code cudaFreeHost}. */
    static void freeHost(MemorySegment hostPointer) {
        call1(FREE_HOST, hostPointer, "cudaFreeHost");
    }

    private static MemorySegment allocate(MethodHandle h, String function, long bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            check((int) h.invokeExact(p, bytes), function);
            return p.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** {@code cudaMemcpyAsync} of {@code bytes} bytes; {@code kind} is one of the MEMCPY constants. */
    static void memcpyAsync(MemorySegment dst, MemorySegment src, long bytes, int kind, MemorySegment stream) {
        try {
            check((int) MEMCPY_ASYNC.invokeExact(dst, src, bytes, kind, stream), "cudaMemcpyAsync");
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** {@code cudaMemsetAsync}: sets {@code bytes} bytes to the low byte of {@code value}. */
    static void memsetAsync(MemorySegment dst, int value, long bytes, MemorySegment stream) {
        try {
            check((int) MEMSET_ASYNC.invokeExact(dst, value, bytes, stream), "cudaMemsetAsync");
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** A new non-blocking stream; the caller destroys it. */
    static MemorySegment streamCreate() {
        return create(STREAM_CREATE, "cudaStreamCreateWithFlags", STREAM_NON_BLOCKING);
    }

    static void streamDestroy(MemorySegment stream) {
        call1(STREAM_DESTROY, stream, "cudaStreamDestroy");
    }

    /** Waits until all work queued on {@code stream} is done; reports errors of earlier async launches. */
    static void streamSynchronize(MemorySegment stream) {
        call1(STREAM_SYNCHRONIZE, stream, "cudaStreamSynchronize");
    }

    /** Makes later work on {@code stream} wait for {@code event}. */
    static void streamWaitEvent(MemorySegment stream, MemorySegment event) {
        try {
            check((int) STREAM_WAIT_EVENT.invokeExact(stream, event, 0), "cudaStreamWaitEvent");
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** A new event; {@code timing} false gives a cheaper event for ordering only. The caller destroys it. */
    static MemorySegment eventCreate(boolean timing) {
        return create(EVENT_CREATE, "cudaEventCreateWithFlags", timing ? 0 : EVENT_DISABLE_TIMING);
    }

    static void eventDestroy(MemorySegment event) {
        call1(EVENT_DESTROY, event, "cudaEventDestroy");
    }

    static void eventRecord(MemorySegment event, MemorySegment stream) {
        try {
            check((int) EVENT_RECORD.invokeExact(event, stream), "cudaEventRecord");
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    static void eventSynchronize(MemorySegment event) {
        call1(EVENT_SYNCHRONIZE, event, "cudaEventSynchronize");
    }

    /** Milliseconds between two recorded timing events. */
    static float eventElapsedMillis(MemorySegment start, MemorySegment end) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ms = a.allocate(JAVA_FLOAT);
            check((int) EVENT_ELAPSED_TIME.invokeExact(ms, start, end), "cudaEventElapsedTime");
            return ms.get(JAVA_FLOAT, 0);
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    static void deviceSynchronize() {
        try {
            check((int) DEVICE_SYNCHRONIZE.invokeExact(), "cudaDeviceSynchronize");
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    private static MemorySegment create(MethodHandle h, String function, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            check((int) h.invokeExact(p, flags), function);
            return p.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    private static void call1(MethodHandle h, MemorySegment arg, String function) {
        try {
            check((int) h.invokeExact(arg), function);
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    static String cString(MemorySegment p, String fallback) {
        return p.equals(MemorySegment.NULL) ? fallback : p.reinterpret(4096).getString(0);
    }
}
