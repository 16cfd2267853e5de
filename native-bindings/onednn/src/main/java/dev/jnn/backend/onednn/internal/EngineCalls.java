package dev.jnn.backend.onednn.internal;

import static dev.jnn.backend.onednn.internal.Native.DIM;
import static dev.jnn.backend.onednn.internal.Native.INT;
import static dev.jnn.backend.onednn.internal.Native.PTR;
import static dev.jnn.backend.onednn.internal.Native.rethrow;
import static dev.jnn.backend.onednn.internal.Native.status;
import static dev.jnn.backend.onednn.internal.OneDnnException.check;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Engines and streams ({@code dnnl_common.h}). */
final class EngineCalls {
    /** {@code dnnl_cpu} of {@code dnnl_engine_kind_t}. */
    static final int ENGINE_CPU = 1;
    /** {@code dnnl_stream_default_flags} (in order). */
    static final int STREAM_DEFAULT_FLAGS = 1;

    private static final MethodHandle ENGINE_CREATE = status("dnnl_engine_create", PTR, INT, DIM);
    private static final MethodHandle ENGINE_DESTROY = status("dnnl_engine_destroy", PTR);
    private static final MethodHandle STREAM_CREATE = status("dnnl_stream_create", PTR, PTR, INT);
    private static final MethodHandle STREAM_WAIT = status("dnnl_stream_wait", PTR);
    private static final MethodHandle STREAM_DESTROY = status("dnnl_stream_destroy", PTR);
    private static final MethodHandle SET_DEFAULT_FPMATH_MODE = status("dnnl_set_default_fpmath_mode", INT);

    /** {@code dnnl_fpmath_mode_strict}: float32 math stays float32. */
    static final int FPMATH_MODE_STRICT = 0;

    private EngineCalls() {
    }

    /** {@code dnnl_engine_create(&engine, dnnl_cpu, 0)}. */
    static MemorySegment engineCreate() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(PTR);
            check("dnnl_engine_create", (int) ENGINE_CREATE.invokeExact(out, ENGINE_CPU, 0L));
            return out.get(PTR, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void engineDestroy(MemorySegment engine) {
        try {
            check("dnnl_engine_destroy", (int) ENGINE_DESTROY.invokeExact(engine));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code dnnl_stream_create(&stream, engine, dnnl_stream_default_flags)}. */
    static MemorySegment streamCreate(MemorySegment engine) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(PTR);
            check("dnnl_stream_create", (int) STREAM_CREATE.invokeExact(out, engine, STREAM_DEFAULT_FLAGS));
            return out.get(PTR, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void streamWait(MemorySegment stream) {
        try {
            check("dnnl_stream_wait", (int) STREAM_WAIT.invokeExact(stream));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Sets the math mode of primitives created from now on. jnn computes in float32 like PyTorch, so
     * it asks for strict mode: otherwise {@code ONEDNN_DEFAULT_FPMATH_MODE=BF16} in the environment
     * would let oneDNN silently round convolutions and GEMMs to bfloat16 on CPUs that have it.
     */
    static void setDefaultFpmathMode(int mode) {
        try {
            check("dnnl_set_default_fpmath_mode", (int) SET_DEFAULT_FPMATH_MODE.invokeExact(mode));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void streamDestroy(MemorySegment stream) {
        try {
            check("dnnl_stream_destroy", (int) STREAM_DESTROY.invokeExact(stream));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
