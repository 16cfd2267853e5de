package dev.jnn.backend.vector.internal.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Per-thread scratch memory for kernels (im2col columns, partial sums), grown on demand and
 * reused by every later call on that thread. Native, so the kernels see one segment type.
 */
final class Scratch {

    /** Slot of the im2col / col2im column buffer. */
    static final int COLUMNS = 0;
    /** Slot of per-group partial sums (owned by the thread that started the op). */
    static final int PARTIALS = 1;
    /** Slot of a small row buffer (padded rows, small temporaries). */
    static final int ROW = 2;

    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    private final MemorySegment[] slots = {MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL};

    private Scratch() {
    }

    /** At least {@code n} floats of this thread's {@code slot}; contents are undefined. */
    static MemorySegment floats(int slot, long n) {
        Scratch s = LOCAL.get();
        MemorySegment seg = s.slots[slot];
        if (seg.byteSize() < 4 * n) {
            // Grow by half again so a slowly growing size does not reallocate every call; the old
            // segment is freed by the GC once unreachable (automatic arena).
            long bytes = Math.max(4 * n, seg.byteSize() * 3 / 2);
            seg = Arena.ofAuto().allocate(bytes, 64);
            s.slots[slot] = seg;
        }
        return seg;
    }
}
