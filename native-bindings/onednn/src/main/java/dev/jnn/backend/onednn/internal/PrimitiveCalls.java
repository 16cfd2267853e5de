package dev.jnn.backend.onednn.internal;

import static dev.jnn.backend.onednn.internal.Native.INT;
import static dev.jnn.backend.onednn.internal.Native.PTR;
import static dev.jnn.backend.onednn.internal.Native.function;
import static dev.jnn.backend.onednn.internal.Native.rethrow;
import static dev.jnn.backend.onednn.internal.Native.status;
import static dev.jnn.backend.onednn.internal.OneDnnException.check;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Primitive descriptors (queries, destruction), primitives, execution and reorders. */
@SuppressWarnings("restricted")   // this class is where FFM's restricted calls live; the module asks for native access
final class PrimitiveCalls {
    /** {@code dnnl_query_impl_info_str}. */
    static final int QUERY_IMPL_INFO_STR = 8;
    /** {@code dnnl_query_src_md} (dnnl_query_some_md + 1). */
    static final int QUERY_SRC_MD = 129;
    static final int QUERY_DIFF_SRC_MD = 130;
    static final int QUERY_WEIGHTS_MD = 131;
    static final int QUERY_DIFF_WEIGHTS_MD = 132;
    static final int QUERY_DST_MD = 133;
    static final int QUERY_DIFF_DST_MD = 134;

    /** {@code dnnl_exec_arg_t}: int arg; (4 bytes padding); dnnl_memory_t memory. */
    static final long EXEC_ARG_BYTES = 16;

    private static final MethodHandle PD_QUERY_MD =
            function("dnnl_primitive_desc_query_md", FunctionDescriptor.of(PTR, PTR, INT, INT));
    private static final MethodHandle PD_QUERY = status("dnnl_primitive_desc_query", PTR, INT, INT, PTR);
    private static final MethodHandle PD_DESTROY = status("dnnl_primitive_desc_destroy", PTR);
    private static final MethodHandle PRIMITIVE_CREATE = status("dnnl_primitive_create", PTR, PTR);
    private static final MethodHandle PRIMITIVE_EXECUTE = status("dnnl_primitive_execute", PTR, PTR, INT, PTR);
    private static final MethodHandle PRIMITIVE_DESTROY = status("dnnl_primitive_destroy", PTR);
    private static final MethodHandle REORDER_PD_CREATE =
            status("dnnl_reorder_primitive_desc_create", PTR, PTR, PTR, PTR, PTR, PTR);

    private PrimitiveCalls() {
    }

    /**
     * The memory descriptor {@code what} of {@code pd} (owned by the pd: do not destroy), or
     * {@code NULL} when the primitive has none (e.g. no workspace).
     */
    static MemorySegment queryMd(MemorySegment pd, int what) {
        return queryMd(pd, what, 0);
    }

    /** The {@code index}-th memory descriptor {@code what} of {@code pd} (e.g. weights index 1 = bias). */
    static MemorySegment queryMd(MemorySegment pd, int what, int index) {
        try {
            return (MemorySegment) PD_QUERY_MD.invokeExact(pd, what, index);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The name of the implementation oneDNN chose, e.g. {@code brg_conv_fwd:avx512_core}. */
    static String implInfo(MemorySegment pd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(PTR);
            check("dnnl_primitive_desc_query", (int) PD_QUERY.invokeExact(pd, QUERY_IMPL_INFO_STR, 0, out));
            MemorySegment s = out.get(PTR, 0);
            return s.equals(MemorySegment.NULL) ? "?" : s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void pdDestroy(MemorySegment pd) {
        try {
            check("dnnl_primitive_desc_destroy", (int) PD_DESTROY.invokeExact(pd));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A primitive for {@code pd}; the caller destroys it. */
    static MemorySegment primitiveCreate(MemorySegment pd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(PTR);
            check("dnnl_primitive_create", (int) PRIMITIVE_CREATE.invokeExact(out, pd));
            return out.get(PTR, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Runs {@code primitive} on {@code stream} with {@code nargs} {@code dnnl_exec_arg_t}s at {@code args}. */
    static void execute(MemorySegment primitive, MemorySegment stream, int nargs, MemorySegment args, String what) {
        try {
            int s = (int) PRIMITIVE_EXECUTE.invokeExact(primitive, stream, nargs, args);
            if (s != 0) throw new OneDnnException("dnnl_primitive_execute", s, what);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void primitiveDestroy(MemorySegment primitive) {
        try {
            check("dnnl_primitive_destroy", (int) PRIMITIVE_DESTROY.invokeExact(primitive));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A reorder primitive descriptor from {@code src} to {@code dst} layout, both on {@code engine}. */
    static MemorySegment reorderPdCreate(MemorySegment src, MemorySegment dst, MemorySegment engine) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(PTR);
            check("dnnl_reorder_primitive_desc_create",
                    (int) REORDER_PD_CREATE.invokeExact(out, src, engine, dst, engine, MemorySegment.NULL));
            return out.get(PTR, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
