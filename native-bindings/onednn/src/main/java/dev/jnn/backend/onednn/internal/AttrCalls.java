package dev.jnn.backend.onednn.internal;

import static dev.jnn.backend.onednn.internal.Native.FLOAT;
import static dev.jnn.backend.onednn.internal.Native.INT;
import static dev.jnn.backend.onednn.internal.Native.PTR;
import static dev.jnn.backend.onednn.internal.Native.rethrow;
import static dev.jnn.backend.onednn.internal.Native.status;
import static dev.jnn.backend.onednn.internal.OneDnnException.check;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Primitive attributes and post-ops. */
final class AttrCalls {
    private static final MethodHandle ATTR_CREATE = status("dnnl_primitive_attr_create", PTR);
    private static final MethodHandle ATTR_DESTROY = status("dnnl_primitive_attr_destroy", PTR);
    private static final MethodHandle ATTR_SET_POST_OPS = status("dnnl_primitive_attr_set_post_ops", PTR, PTR);
    private static final MethodHandle POST_OPS_CREATE = status("dnnl_post_ops_create", PTR);
    private static final MethodHandle POST_OPS_DESTROY = status("dnnl_post_ops_destroy", PTR);
    private static final MethodHandle POST_OPS_APPEND_ELTWISE =
            status("dnnl_post_ops_append_eltwise", PTR, INT, FLOAT, FLOAT);

    private AttrCalls() {
    }

    /** Empty attributes; the caller destroys them. */
    static MemorySegment attrCreate() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(PTR);
            check("dnnl_primitive_attr_create", (int) ATTR_CREATE.invokeExact(out));
            return out.get(PTR, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void attrDestroy(MemorySegment attr) {
        try {
            check("dnnl_primitive_attr_destroy", (int) ATTR_DESTROY.invokeExact(attr));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Copies {@code postOps} into {@code attr}. */
    static void attrSetPostOps(MemorySegment attr, MemorySegment postOps) {
        try {
            check("dnnl_primitive_attr_set_post_ops", (int) ATTR_SET_POST_OPS.invokeExact(attr, postOps));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** An empty post-op chain; the caller destroys it. */
    static MemorySegment postOpsCreate() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(PTR);
            check("dnnl_post_ops_create", (int) POST_OPS_CREATE.invokeExact(out));
            return out.get(PTR, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void postOpsDestroy(MemorySegment postOps) {
        try {
            check("dnnl_post_ops_destroy", (int) POST_OPS_DESTROY.invokeExact(postOps));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Appends an element-wise post-op {@code alg(alpha, beta)}. */
    static void postOpsAppendEltwise(MemorySegment postOps, int alg, float alpha, float beta) {
        try {
            check("dnnl_post_ops_append_eltwise", (int) POST_OPS_APPEND_ELTWISE.invokeExact(postOps, alg, alpha, beta));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
