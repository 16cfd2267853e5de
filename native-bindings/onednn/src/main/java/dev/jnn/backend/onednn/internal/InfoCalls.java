package dev.jnn.backend.onednn.internal;

import static dev.jnn.backend.onednn.internal.Native.INT;
import static dev.jnn.backend.onednn.internal.Native.PTR;
import static dev.jnn.backend.onednn.internal.Native.function;
import static dev.jnn.backend.onednn.internal.Native.rethrow;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Version, CPU ISA and threads.
 *
 * <p>oneDNN 3.x built with the OpenMP runtime (as the bytedeco build is) has no thread-count call of
 * its own ({@code dnnl_threadpool_interop_set_max_concurrency} is for the threadpool runtime only):
 * it runs on OpenMP's team, sized by {@code omp_set_num_threads}. That setting is per calling
 * thread, so callers set it before every primitive creation and execution.
 */
@SuppressWarnings("restricted")   // this class is where FFM's restricted calls live; the module asks for native access
final class InfoCalls {
    /** {@code dnnl_version_t}: int major, minor, patch; const char *hash; unsigned cpu_runtime, gpu_runtime. */
    static final StructLayout VERSION = MemoryLayout.structLayout(
            INT.withName("major"), INT.withName("minor"), INT.withName("patch"), MemoryLayout.paddingLayout(4),
            PTR.withName("hash"), INT.withName("cpu_runtime"), INT.withName("gpu_runtime"));

    private static final MethodHandle VERSION_FN = function("dnnl_version", FunctionDescriptor.of(PTR));
    private static final MethodHandle ISA_FN = function("dnnl_get_effective_cpu_isa", FunctionDescriptor.of(INT));
    private static final Optional<MethodHandle> OMP_SET_NUM_THREADS =
            OneDnnLibrary.get().ompDowncall("omp_set_num_threads", FunctionDescriptor.ofVoid(INT));
    private static final Optional<MethodHandle> OMP_GET_MAX_THREADS =
            OneDnnLibrary.get().ompDowncall("omp_get_max_threads", FunctionDescriptor.of(INT));

    private InfoCalls() {
    }

    /** The library's version as "major.minor.patch (hash)", e.g. {@code 3.13.0 (abc123)}. */
    static String version() {
        try {
            MemorySegment v = ((MemorySegment) VERSION_FN.invokeExact()).reinterpret(VERSION.byteSize());
            int major = v.get(INT, 0);
            int minor = v.get(INT, 4);
            int patch = v.get(INT, 8);
            MemorySegment hash = v.get(PTR, 16);
            String h = hash.equals(MemorySegment.NULL) ? "" : hash.reinterpret(64).getString(0);
            boolean noHash = h.isEmpty() || h.equals("N/A");   // builds outside git report "N/A"
            return major + "." + minor + "." + patch + (noHash ? "" : " (" + h + ")");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code dnnl_get_effective_cpu_isa()}: the raw {@code dnnl_cpu_isa_t} value. */
    static int effectiveCpuIsa() {
        try {
            return (int) ISA_FN.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The name of a {@code dnnl_cpu_isa_t} value, as in {@code dnnl_types.h} without the prefix. */
    static String isaName(int isa) {
        return switch (isa) {
            case 0x0 -> "default";
            case 0x1 -> "sse41";
            case 0x3 -> "avx";
            case 0x7 -> "avx2";
            case 0xf -> "avx2_vnni";
            case 0x1f -> "avx2_vnni_2";
            case 0x27 -> "avx512_core";
            case 0x67 -> "avx512_core_vnni";
            case 0xe7 -> "avx512_core_bf16";
            case 0x1ef -> "avx10_1_512 (avx512_core_fp16)";
            case 0xfef -> "avx10_1_512_amx";
            case 0x1fef -> "avx10_1_512_amx_fp16";
            case 0x201ff -> "avx10_2";
            case 0x22fff -> "avx10_2_amx_2";
            default -> "isa 0x" + Integer.toHexString(isa);
        };
    }

    /** True when the OpenMP runtime's thread setter was found. */
    static boolean canSetThreads() {
        return OMP_SET_NUM_THREADS.isPresent();
    }

    /** {@code omp_set_num_threads(n)} for the calling thread; a no-op without an OpenMP runtime. */
    static void setNumThreads(int n) {
        if (OMP_SET_NUM_THREADS.isEmpty()) return;
        try {
            OMP_SET_NUM_THREADS.get().invokeExact(n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code omp_get_max_threads()} for the calling thread, or -1 without an OpenMP runtime. */
    static int maxThreads() {
        if (OMP_GET_MAX_THREADS.isEmpty()) return -1;
        try {
            return (int) OMP_GET_MAX_THREADS.get().invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
