package dev.jnn.backend.cuda.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * NVRTC ({@code libnvrtc.so.13} or {@code .12}) through FFM: compiles CUDA C++ source to PTX at run
 * time, for the exact architecture of the GPU found. Loaded on first use.
 */
final class Nvrtc {
    /** {@code NVRTC_ERROR_COMPILATION}: the source has errors; the log says which. */
    static final int ERROR_COMPILATION = 6;

    private static final List<NativeLibrary> BUILTINS = preloadBuiltins();
    private static final NativeLibrary LIB = NativeLibrary.load(CudaLibrary.NVRTC);

    private static final MethodHandle GET_ERROR_STRING = LIB.downcall("nvrtcGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle VERSION = LIB.downcall("nvrtcVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle CREATE_PROGRAM = LIB.downcall("nvrtcCreateProgram",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle DESTROY_PROGRAM = LIB.downcall("nvrtcDestroyProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle COMPILE_PROGRAM = LIB.downcall("nvrtcCompileProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle GET_PTX_SIZE = LIB.downcall("nvrtcGetPTXSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle GET_PTX = LIB.downcall("nvrtcGetPTX", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle GET_LOG_SIZE = LIB.downcall("nvrtcGetProgramLogSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle GET_LOG = LIB.downcall("nvrtcGetProgramLog", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    private Nvrtc() {
    }

    /**
     * libnvrtc opens {@code libnvrtc-builtins.so.<major>.<minor>} by bare name when it compiles; loading
     * it first from libnvrtc's own folder lets the dynamic linker reuse it whatever LD_LIBRARY_PATH says.
     */
    private static List<NativeLibrary> preloadBuiltins() {
        java.nio.file.Path dir = CudaLibraries.system().require(CudaLibrary.NVRTC).getParent();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("libnvrtc-builtins.so.")).sorted()
                    .map(f -> NativeLibrary.load(CudaLibrary.NVRTC, f)).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /** The builtins libraries loaded ahead of libnvrtc, for reports. */
    static List<java.nio.file.Path> builtins() {
        return BUILTINS.stream().map(NativeLibrary::file).toList();
    }

    static void check(int status, String function) {
        if (status == 0) return;
        try {
            String name = CudaRuntime.cString((MemorySegment) GET_ERROR_STRING.invokeExact(status), "nvrtcResult " + status);
            throw new CudaException(function, status, name, "");
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /** {@code {major, minor}} of this NVRTC. */
    static int[] version() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment major = a.allocate(JAVA_INT);
            MemorySegment minor = a.allocate(JAVA_INT);
            check((int) VERSION.invokeExact(major, minor), "nvrtcVersion");
            return new int[] {major.get(JAVA_INT, 0), minor.get(JAVA_INT, 0)};
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    /**
     * Compiles {@code source} to PTX.
     *
     * @param name    the file name used in diagnostics, such as {@code elementwise.cu}
     * @param options compiler options, such as {@code --gpu-architecture=compute_90}
     * @throws CudaException for {@code nvrtcCompileProgram}, with the compiler's log in the message
     */
    static String compile(String source, String name, List<String> options) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment progOut = a.allocate(ADDRESS);
            check((int) CREATE_PROGRAM.invokeExact(progOut, a.allocateFrom(source), a.allocateFrom(name), 0,
                    MemorySegment.NULL, MemorySegment.NULL), "nvrtcCreateProgram");
            MemorySegment prog = progOut.get(ADDRESS, 0);
            try {
                MemorySegment opts = a.allocate(ADDRESS, Math.max(1, options.size()));
                for (int i = 0; i < options.size(); i++) opts.setAtIndex(ADDRESS, i, a.allocateFrom(options.get(i)));
                int status = (int) COMPILE_PROGRAM.invokeExact(prog, options.size(), opts);
                if (status != 0) {
                    String log = text(prog, GET_LOG_SIZE, GET_LOG, "nvrtcGetProgramLog", a);
                    throw new CudaException("nvrtcCompileProgram(" + name + ")", status,
                            status == ERROR_COMPILATION ? "NVRTC_ERROR_COMPILATION" : "nvrtcResult " + status, log.strip());
                }
                return text(prog, GET_PTX_SIZE, GET_PTX, "nvrtcGetPTX", a);
            } finally {
                check((int) DESTROY_PROGRAM.invokeExact(progOut), "nvrtcDestroyProgram");
            }
        } catch (Throwable t) {
            throw NativeLibrary.rethrow(t);
        }
    }

    private static String text(MemorySegment prog, MethodHandle size, MethodHandle get, String function, Arena a) throws Throwable {
        MemorySegment n = a.allocate(JAVA_LONG);
        check((int) size.invokeExact(prog, n), function + "Size");
        MemorySegment buf = a.allocate(Math.max(1, n.get(JAVA_LONG, 0)));
        check((int) get.invokeExact(prog, buf), function);
        return buf.getString(0);
    }
}
