package dev.jnn.backend.onednn.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;

/**
 * Owns the native objects of one cached primitive setup (memory descriptors, primitive
 * descriptors, primitives, memory objects, internal buffers) and frees them together, once, in
 * reverse order of creation.
 *
 * <p>Buffers come from a shared arena because a backend may be used from different threads one
 * after another, and confined segments could not be passed to native code from another thread.
 */
final class NativeResources implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final ArrayDeque<Runnable> frees = new ArrayDeque<>();
    private boolean closed;

    /** A plain (row-major) f32 memory descriptor. */
    MemorySegment plainMd(long... dims) {
        int tag = switch (dims.length) {
            case 1 -> MemoryCalls.TAG_A;
            case 2 -> MemoryCalls.TAG_AB;
            case 3 -> MemoryCalls.TAG_ABC;
            case 4 -> MemoryCalls.TAG_ABCD;
            case 5 -> MemoryCalls.TAG_ABCDE;
            case 6 -> MemoryCalls.TAG_ABCDEF;
            default -> throw new IllegalArgumentException("no plain tag for " + dims.length + " dimensions");
        };
        return md(dims, tag);
    }

    /** An f32 memory descriptor whose layout the primitive chooses ({@code dnnl_format_tag_any}). */
    MemorySegment anyMd(long... dims) {
        return md(dims, MemoryCalls.TAG_ANY);
    }

    private MemorySegment md(long[] dims, int tag) {
        MemorySegment md = MemoryCalls.descCreate(dims, tag);
        frees.push(() -> MemoryCalls.descDestroy(md));
        return md;
    }

    /** Takes ownership of a primitive descriptor. */
    MemorySegment pd(MemorySegment pd) {
        frees.push(() -> PrimitiveCalls.pdDestroy(pd));
        return pd;
    }

    /** A primitive for {@code pd}. */
    MemorySegment primitive(MemorySegment pd) {
        MemorySegment p = PrimitiveCalls.primitiveCreate(pd);
        frees.push(() -> PrimitiveCalls.primitiveDestroy(p));
        return p;
    }

    /** A memory object of {@code md} on {@code engine} over {@code handle} (NULL: set before each run). */
    MemorySegment memory(MemorySegment md, MemorySegment engine, MemorySegment handle) {
        MemorySegment m = MemoryCalls.memoryCreate(md, engine, handle);
        frees.push(() -> MemoryCalls.memoryDestroy(m));
        return m;
    }

    /** Zeroed, 64-byte aligned memory living as long as these resources. */
    MemorySegment buffer(long bytes) {
        return arena.allocate(Math.max(bytes, 64), 64);
    }

    /** A {@code dnnl_dims_t} holding {@code values} (strides, padding, kernel sizes). */
    MemorySegment dims(long... values) {
        return Native.dims(arena, values);
    }

    /**
     * Primitive attributes with a fused ReLU post-op, freed with these resources (oneDNN copies
     * attributes into the primitive descriptor, so they could go sooner; this is simpler).
     */
    MemorySegment reluAttr() {
        MemorySegment attr = AttrCalls.attrCreate();
        frees.push(() -> AttrCalls.attrDestroy(attr));
        MemorySegment ops = AttrCalls.postOpsCreate();
        try {
            AttrCalls.postOpsAppendEltwise(ops, PrimitiveDescCalls.ELTWISE_RELU, 0f, 0f);
            AttrCalls.attrSetPostOps(attr, ops);
        } finally {
            AttrCalls.postOpsDestroy(ops);
        }
        return attr;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        RuntimeException first = null;
        while (!frees.isEmpty()) {
            try {
                frees.pop().run();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        arena.close();
        if (first != null) throw first;
    }
}
