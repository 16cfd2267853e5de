package dev.jnn.backend.onednn.internal;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** Small pieces shared by the binding classes: layouts, handle lookup, dims arrays, rethrowing. */
final class Native {
    /** A C pointer. */
    static final AddressLayout PTR = ValueLayout.ADDRESS;
    /** {@code dnnl_dim_t}, {@code size_t}: 64-bit on Linux x86-64. */
    static final ValueLayout.OfLong DIM = ValueLayout.JAVA_LONG;
    /** C {@code int}, {@code unsigned} and enums. */
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    /** C {@code float}. */
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;
    /** {@code DNNL_MAX_NDIMS}: the length of a {@code dnnl_dims_t}. */
    static final int MAX_NDIMS = 12;

    private Native() {
    }

    /** A handle for a function of libdnnl returning {@code dnnl_status_t}. */
    static MethodHandle status(String name, MemoryLayout... args) {
        return OneDnnLibrary.get().downcall(name, FunctionDescriptor.of(INT, args));
    }

    /** A handle for a function of libdnnl with any descriptor. */
    static MethodHandle function(String name, FunctionDescriptor fd) {
        return OneDnnLibrary.get().downcall(name, fd);
    }

    /** A {@code dnnl_dims_t} holding {@code dims} (the rest zero). */
    static MemorySegment dims(Arena arena, long... dims) {
        MemorySegment s = arena.allocate(DIM, MAX_NDIMS);
        for (int i = 0; i < dims.length; i++) s.setAtIndex(DIM, i, dims[i]);
        return s;
    }

    /** Unchecked exceptions and errors pass through; anything else is wrapped (invokeExact declares Throwable). */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("native call failed: " + t, t);
    }
}
