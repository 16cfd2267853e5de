package dev.jnn.backend.cuda.internal;

import dev.jnn.core.spi.MemoryBlock;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A caching allocator of device memory: freed blocks wait in per-size lists for reuse, because
 * {@code cudaFree} synchronises the whole device and a training step frees hundreds of temporaries.
 * Sizes round up to 512 bytes (cudaMalloc's own alignment is 256). {@link #close()} frees everything,
 * the blocks still in use too (a model's weights, say), so that a process that closes its backend
 * leaves no device memory behind; freeing such a block afterwards does nothing.
 */
final class DeviceAllocator implements AutoCloseable {
    private static final long ALIGN = 512;

    private final Map<Long, ArrayDeque<MemorySegment>> free = new HashMap<>();
    private final Set<Block> inUse = Collections.newSetFromMap(new IdentityHashMap<>());
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
        Block b = new Block(ptr, size);
        synchronized (this) {
            if (closed) {
                CudaRuntime.free(ptr);
                throw new IllegalStateException("cuda backend is closed");
            }
            inUse.add(b);
        }
        live.addAndGet(size);
        return b;
    }

    long liveBytes() {
        return live.get();
    }

    private synchronized void recycle(Block b) {
        if (!inUse.remove(b)) return;   // already freed by close()
        live.addAndGet(-b.size);
        free.computeIfAbsent(b.size, k -> new ArrayDeque<>()).push(b.ptr);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (ArrayDeque<MemorySegment> list : free.values()) list.forEach(CudaRuntime::free);
        free.clear();
        for (Block b : inUse) {
            CudaRuntime.free(b.ptr);
            live.addAndGet(-b.size);
        }
        inUse.clear();
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
            recycle(this);
        }
    }
}
