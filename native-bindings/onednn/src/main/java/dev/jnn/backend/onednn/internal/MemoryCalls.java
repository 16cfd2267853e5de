package dev.jnn.backend.onednn.internal;

import static dev.jnn.backend.onednn.internal.Native.DIM;
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
import java.util.Arrays;

/** Memory descriptors and memory objects ({@code dnnl.h}, "Memory"). */
final class MemoryCalls {
    /** {@code dnnl_f32} of {@code dnnl_data_type_t}. */
    static final int F32 = 3;
    /** {@code dnnl_format_tag_any}: let the primitive choose the layout. */
    static final int TAG_ANY = 1;
    /** {@code dnnl_a}: plain 1-d. */
    static final int TAG_A = 2;
    /** {@code dnnl_ab}: plain row-major 2-d (nc, oi). */
    static final int TAG_AB = 3;
    /** {@code dnnl_abc}: plain row-major 3-d. */
    static final int TAG_ABC = 4;
    /** {@code dnnl_abcd}: plain row-major 4-d (nchw, oihw). */
    static final int TAG_ABCD = 5;
    /** {@code dnnl_abcde}: plain row-major 5-d. */
    static final int TAG_ABCDE = 6;
    /** {@code dnnl_abcdef}: plain row-major 6-d. */
    static final int TAG_ABCDEF = 7;

    private static final MethodHandle DESC_CREATE_WITH_TAG =
            status("dnnl_memory_desc_create_with_tag", PTR, INT, PTR, INT, INT);
    private static final MethodHandle DESC_DESTROY = status("dnnl_memory_desc_destroy", PTR);
    private static final MethodHandle DESC_GET_SIZE =
            function("dnnl_memory_desc_get_size", FunctionDescriptor.of(DIM, PTR));
    private static final MethodHandle DESC_EQUAL =
            function("dnnl_memory_desc_equal", FunctionDescriptor.of(INT, PTR, PTR));
    private static final MethodHandle MEMORY_CREATE = status("dnnl_memory_create", PTR, PTR, PTR, PTR);
    private static final MethodHandle MEMORY_SET_DATA_HANDLE = status("dnnl_memory_set_data_handle", PTR, PTR);
    private static final MethodHandle MEMORY_DESTROY = status("dnnl_memory_destroy", PTR);

    private MemoryCalls() {
    }

    /** A new f32 memory descriptor of {@code dims} in layout {@code tag}; the caller destroys it. */
    static MemorySegment descCreate(long[] dims, int tag) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(PTR);
            check("dnnl_memory_desc_create_with_tag",
                    (int) DESC_CREATE_WITH_TAG.invokeExact(out, dims.length, Native.dims(a, dims), F32, tag),
                    "dims " + Arrays.toString(dims) + ", tag " + tag);
            return out.get(PTR, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void descDestroy(MemorySegment md) {
        try {
            check("dnnl_memory_desc_destroy", (int) DESC_DESTROY.invokeExact(md));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The bytes a memory of descriptor {@code md} needs (0 for an empty descriptor). */
    static long descSize(MemorySegment md) {
        try {
            return (long) DESC_GET_SIZE.invokeExact(md);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** True when both descriptors describe the same layout. */
    static boolean descEqual(MemorySegment a, MemorySegment b) {
        try {
            return (int) DESC_EQUAL.invokeExact(a, b) != 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * A memory object of {@code md} on {@code engine} over {@code handle} ({@code NULL} = none yet, set it
     * before execution); the caller destroys it.
     */
    static MemorySegment memoryCreate(MemorySegment md, MemorySegment engine, MemorySegment handle) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(PTR);
            check("dnnl_memory_create", (int) MEMORY_CREATE.invokeExact(out, md, engine, handle));
            return out.get(PTR, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void memorySetDataHandle(MemorySegment memory, MemorySegment handle) {
        try {
            check("dnnl_memory_set_data_handle", (int) MEMORY_SET_DATA_HANDLE.invokeExact(memory, handle));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void memoryDestroy(MemorySegment memory) {
        try {
            check("dnnl_memory_destroy", (int) MEMORY_DESTROY.invokeExact(memory));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
