package dev.jnn.core.spi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A caching allocator of 64-byte-aligned off-heap memory for CPU backends.
 *
 * <p>Training allocates the same sizes every step, so freed blocks are kept in per-size free
 * lists and handed out again; a step then costs no native allocation after the first. Each block
 * has its own shared arena so that {@link #trim()} and {@link #close()} return memory to the
 * system deterministically. Thread-safe (the cleaner thread may free blocks).
 */
public final class HostAllocator implements AutoCloseable {
    private static final long ALIGN = 64;

    private final Map<Long, ArrayDeque<Block>> free = new HashMap<>();
    private final AtomicLong live = new AtomicLong();
    private long cached;
    private boolean closed;

    /** Allocates {@code bytes} bytes (rounded up to 64), reusing a cached block of that size if any. */
    public MemoryBlock allocate(long bytes) {
        long size = Math.max(ALIGN, (bytes + ALIGN - 1) / ALIGN * ALIGN);
        Block b;
        synchronized (this) {
            if (closed) throw new IllegalStateException("allocator is closed");
            ArrayDeque<Block> list = free.get(size);
            b = list == null ? null : list.poll();
            if (b != null) cached -= size;
        }
        if (b == null) {
            Arena arena = Arena.ofShared();
            b = new Block(arena, arena.allocate(size, ALIGN));
        }
        b.inUse = true;
        live.addAndGet(size);
        return b;
    }

    /** Bytes in blocks handed out and not yet freed. */
    public long liveBytes() {
        return live.get();
    }

    /** Bytes held in the free lists. */
    public synchronized long cachedBytes() {
        return cached;
    }

    /** Returns every cached block to the system. */
    public synchronized void trim() {
        for (ArrayDeque<Block> list : free.values()) {
            for (Block b : list) b.arena.close();
        }
        free.clear();
        cached = 0;
    }

    /** Trims the cache; blocks still in use are freed when they are released. */
    @Override
    public synchronized void close() {
        trim();
        closed = true;
    }

    private synchronized void recycle(Block b) {
        live.addAndGet(-b.segment.byteSize());
        if (closed) {
            b.arena.close();
            return;
        }
        free.computeIfAbsent(b.segment.byteSize(), k -> new ArrayDeque<>()).push(b);
        cached += b.segment.byteSize();
    }

    private final class Block implements MemoryBlock {
        private final Arena arena;
        private final MemorySegment segment;
        private volatile boolean inUse;

        Block(Arena arena, MemorySegment segment) {
            this.arena = arena;
            this.segment = segment;
        }

        @Override
        public long bytes() {
            return segment.byteSize();
        }

        @Override
        public MemorySegment segment() {
            return segment;
        }

        @Override
        public boolean hostAccessible() {
            return true;
        }

        @Override
        public void free() {
            if (!inUse) throw new IllegalStateException("memory block freed twice");
            inUse = false;
            recycle(this);
        }
    }
}
