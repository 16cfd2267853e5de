package dev.jnn.backend.vector.internal.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Per-thread scratch memory for kernels, grown on demand and reused by every later call on that
 * thread: native segments (partial sums) and heap arrays (im2col work, whose
 * short-run loops are much faster on arrays than through segment accessors).
 */
final class Scratch {

    /** Native slot of per-group partial sums (owned by the thread that started the op). */
    static final int PARTIALS = 0;

    /** Array slot of the im2col / col2im column matrix. */
    static final int COLUMNS = 0;
    /** Array slot of one image copied out of (or into) its segment. */
    static final int IMAGE = 1;
    /** Array slot of small rows (padded planes, temporaries). */
    static final int ROW = 2;
    /** Array slot of a convolution's repacked weights (read by every thread of the call). */
    static final int WEIGHTS = 3;
    /** Array slots of a whole batch's padded input and output gradient (the weight gradient's operands). */
    static final int BATCH_INPUT = 4;
    static final int BATCH_GRAD = 5;

    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    private final MemorySegment[] segments = {MemorySegment.NULL};

    private final float[][] arrays = {new float[0], new float[0], new float[0], new float[0], new float[0], new float[0]};

    private int[] ints = new int[0];

    private Scratch() {
    }

    /** At least {@code n} floats of native memory in this thread's {@code slot}; contents undefined. */
    static MemorySegment floats(int slot, long n) {
        Scratch s = LOCAL.get();
        MemorySegment seg = s.segments[slot];
        if (seg.byteSize() < 4 * n) {
            // Grow by half again so a slowly growing size does not reallocate every call; the old
            // segment is freed by the GC once unreachable (automatic arena).
            seg = Arena.ofAuto().allocate(Math.max(4 * n, seg.byteSize() * 3 / 2), 64);
            s.segments[slot] = seg;
        }
        return seg;
    }

    /** At least {@code n} floats in this thread's array {@code slot}; contents undefined. */
    static float[] array(int slot, int n) {
        Scratch s = LOCAL.get();
        if (s.arrays[slot].length < n) {
            s.arrays[slot] = new float[Math.max(n, s.arrays[slot].length * 3 / 2)];
        }
        return s.arrays[slot];
    }

    /** At least {@code n} ints of this thread's int array (argmax indices); contents undefined. */
    static int[] ints(int n) {
        Scratch s = LOCAL.get();
        if (s.ints.length < n) {
            s.ints = new int[Math.max(n, s.ints.length * 3 / 2)];
        }
        return s.ints;
    }

    private float[] tail = new float[0];

    /** At least {@code n} floats of a small per-thread array for partial vector tiles. */
    static float[] rowTail(int n) {
        Scratch s = LOCAL.get();
        if (s.tail.length < n) {
            s.tail = new float[n];
        }
        return s.tail;
    }
}
