package dev.jnn.backend.cuda.internal;

import dev.jnn.core.spi.MemoryBlock;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A caching allocator of device memory: freed blocks wait in per-size lists for reuse, because
 * {@code cudaFree} synchronises the whole device and a training step frees hundreds of temporaries.
 * Sizes round up to 512 bytes (cudaMalloc's own alignment is 256). {@link #close()} frees everything.
 */
final class DeviceAllocator implements AutoCloseable {
    private static final long ALIGN = 512;

    private final Map<Long, ArrayDeque<MemorySegment>> free = new HashMap<>();
    private final AtomicLong live = new AtomicLong();
    private boolean closed;

    /** A block of at least {@code bytes} device bytes; the caller frees it through {@link MemoryBlock#free()}. */
    MemoryBlock allocate(long bytes) {
        long size = Math.max(ALIGN, (bytes + ALIGN - 1) / ALIGN * ALIGN);
        MemorySegment ptr;
        synchronized (this) {
            if (closed) throw new IllegalStateException("cuda backend is closed");
            ArrayDeque<MemorySegment> list = free.get(size);
            ptr = list == null ? null : list.poll();
        }
        if (ptr == null) ptr = CudaRuntime.malloc(size);
        live.addAndGet(size);
        return new Block(ptr, size);
    }

    long liveBytes() {
        return live.get();
    }

    private synchronized void recycle(MemorySegment ptr, long size) {
        live.addAndGet(-size);
        if (closed) CudaRuntime.free(ptr);
        else free.computeIfAbsent(size, k -> new ArrayDeque<>()).push(ptr);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (ArrayDeque<MemorySegment> list : free.values()) list.forEach(CudaRuntime::free);
        free.clear();
    }

    private final class Block implements MemoryBlock {
        private final MemorySegment ptr;
        private final long size;
        private boolean freed;

        Block(MemorySegment ptr, long size) {
            this.ptr = ptr;
            this.size = size;
        }

        @Override
        public long bytes() {
            return size;
        }

        /** The device address as a zero-length segment: passable to native calls, never readable from Java. */
        @Override
        public MemorySegment segment() {
            return ptr;
        }

        @Override
        public boolean hostAccessible() {
            return false;
        }

        @Override
        public synchronized void free() {
            if (freed) throw new IllegalStateException("cuda memory block freed twice");
            freed = true;
            recycle(ptr, size);
        }
    }
}
