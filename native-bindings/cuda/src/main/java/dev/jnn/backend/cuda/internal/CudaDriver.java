package dev.jnn.backend.cuda.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The CUDA driver API ({@code libcuda.so.1}) through FFM, only for what the runtime lacks: loading
 * the PTX that NVRTC makes and launching its kernels. Modules load into the primary context that the
 * runtime made current ({@code cudaSetDevice}), so runtime and driver calls share streams and memory.
 *
 * <p>Loaded on first use; every call checks its {@code CUresult} and names the function on failure.
 */
final class CudaDriver {
    private static final NativeLibrary LIB = NativeLibrary.load(CudaLibrary.DRIVER);

    private static final MethodHandle INIT = LIB.downcall("cuInit", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle GET_ERROR_NAME = LIB.downcall("cuGetErrorName", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle GET_ERROR_STRING = LIB.downcall("cuGetErrorString", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle DRIVER_GET_VERSION = LIB.downcall("cuDriverGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MODULE_LOAD_DATA = LIB.downcall("cuModuleLoadData", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle MODULE_GET_FUNCTION = LIB.downcall("cuModuleGetFunction", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle MODULE_UNLOAD = LIB.downcall("cuModuleUnload", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle LAUNCH_KERNEL = LIB.downcall("cuLaunchKernel", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));

    private CudaDriver() {
    }

    static void check(int status, String function) {
        if (status == 0) return;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment name = a.allocate(ADDRESS);
            MemorySegment text = a.allocate(ADDRESS);
            int n = (int) GET_ERROR_NAME.invokeExact(status, name);
            int s = (int) GET_ERROR_STRING.invokeExact(status, text);
            throw new CudaException(function, status,
                    n == 0 ? CudaRuntime.cString(name.get(ADDRESS, 0), "CUresult " + status) : "CUresult " + status,
                    s == 0 ? CudaRuntime.cString(text.get(ADDRESS, 0), "") : "");
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** {@code cuInit(0)}; harmless when the runtime already initialised the driver. */
    static void init() {
        try {
            check((int) INIT.invokeExact(0), "cuInit");
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** The CUDA version the driver supports (1000·major + 10·minor). */
    static int version() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check((int) DRIVER_GET_VERSION.invokeExact(v), "cuDriverGetVersion");
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** Loads NUL-terminated PTX text into the current context; the caller unloads the module. */
    static MemorySegment loadModule(String ptx) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment module = a.allocate(ADDRESS);
            check((int) MODULE_LOAD_DATA.invokeExact(module, a.allocateFrom(ptx)), "cuModuleLoadData");
            return module.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** The kernel {@code name} (an {@code extern "C"} name) of {@code module}. */
    static MemorySegment function(MemorySegment module, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment f = a.allocate(ADDRESS);
            check((int) MODULE_GET_FUNCTION.invokeExact(f, module, a.allocateFrom(name)), "cuModuleGetFunction(" + name + ")");
            return f.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    static void unloadModule(MemorySegment module) {
        try {
            check((int) MODULE_UNLOAD.invokeExact(module), "cuModuleUnload");
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /**
     * {@code cuLaunchKernel} on a 1-D grid.
     *
     * @param params an array of pointers, one per kernel parameter, each to that parameter's value
     */
    static void launch(MemorySegment function, int gridX, int blockX, int sharedBytes, MemorySegment stream,
                       MemorySegment params, String kernel) {
        try {
            check((int) LAUNCH_KERNEL.invokeExact(function, gridX, 1, 1, blockX, 1, 1, sharedBytes, stream, params,
                    MemorySegment.NULL), "cuLaunchKernel(" + kernel + ")");
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }
}
