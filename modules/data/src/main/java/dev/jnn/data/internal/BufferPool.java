package dev.jnn.data.internal;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * A small thread-safe pool of float arrays of one length, shared by a loader's prefetch thread
 * (which takes) and the training thread (which gives back). Never blocks: an empty pool allocates,
 * a full pool drops the array for the garbage collector, so a consumer that never gives back only
 * costs allocations.
 */
public final class BufferPool {
    private final int length;
    private final ArrayBlockingQueue<float[]> free;

    /** A pool of arrays of {@code length} floats that keeps at most {@code capacity} of them. */
    public BufferPool(int length, int capacity) {
        this.length = length;
        this.free = new ArrayBlockingQueue<>(Math.max(1, capacity));
    }

    /** An array of {@code length} floats with undefined content. */
    public float[] take() {
        float[] a = free.poll();
        return a != null ? a : new float[length];
    }

    /** Gives an array back; arrays of another length are ignored. */
    public void give(float[] a) {
        if (a.length == length) {
            free.offer(a);
        }
    }

    /** Arrays currently waiting in the pool (for tests). */
    public int available() {
        return free.size();
    }
}
