package dev.jnn.backend.cuda.internal;

import java.lang.foreign.MemorySegment;

/**
 * A growable page-locked host buffer for copies between Java memory (often a heap array, which
 * native code cannot be handed) and the device. Grows to the largest copy seen; freed by {@link #close()}.
 */
final class StagingBuffer implements AutoCloseable {
    private MemorySegment buffer;

    /** At least {@code bytes} of pinned host memory, valid until the next call. */
    synchronized MemorySegment get(long bytes) {
        if (buffer == null || buffer.byteSize() < bytes) {
            if (buffer != null) CudaRuntime.freeHost(buffer);
            buffer = null;
            buffer = CudaRuntime.mallocHost(Math.max(bytes, 1 << 20));
        }
        return buffer;
    }

    @Override
    public synchronized void close() {
        if (buffer != null) CudaRuntime.freeHost(buffer);
        buffer = null;
    }
}
