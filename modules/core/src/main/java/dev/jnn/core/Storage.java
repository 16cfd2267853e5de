package dev.jnn.core;

import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.MemoryBlock;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The float32 memory behind one or more tensors (views share it), owned by a {@link Backend}.
 *
 * <p>Memory is released deterministically: storage allocated inside a {@link MemoryScope} is freed
 * when the scope closes; storage allocated outside any scope (parameters, optimizer state) is freed
 * by {@link #release()} or, as a last resort, when it becomes unreachable.
 */
public final class Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Backend backend;
    private final MemoryBlock block;
    private final long elements;
    private final Release release;
    private Cleaner.Cleanable cleanable;

    /** Frees the block once, whichever of scope, explicit release or cleaner comes first. */
    private record Release(MemoryBlock block, AtomicBoolean done) implements Runnable {
        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                block.free();
            }
        }
    }

    private Storage(Backend backend, MemoryBlock block, long elements, boolean scoped) {
        this.backend = backend;
        this.block = block;
        this.elements = elements;
        this.release = new Release(block, new AtomicBoolean());
        this.cleanable = scoped ? null : CLEANER.register(this, release);
    }

    /**
     * Allocates {@code elements} floats on {@code backend}. Contents are undefined. The storage
     * joins the current {@link MemoryScope} if there is one.
     */
    public static Storage allocate(Backend backend, long elements) {
        MemoryBlock block = backend.allocate(Math.max(1, elements) * Float.BYTES);
        MemoryScope scope = MemoryScope.current();
        Storage s = new Storage(backend, block, elements, scope != null);
        if (scope != null) {
            scope.adopt(s);
        }
        return s;
    }

    /** Hands storage that outlives every scope to the cleaner, so that it is freed when unreachable. */
    void unscope() {
        if (cleanable == null) {
            cleanable = CLEANER.register(this, release);
        }
    }

    /** The backend that owns this memory. */
    public Backend backend() {
        return backend;
    }

    /** The backend's memory block. */
    public MemoryBlock block() {
        return checkedBlock();
    }

    /** The number of floats. */
    public long elements() {
        return elements;
    }

    /**
     * The host memory, for CPU backends' kernels.
     *
     * @throws IllegalStateException if this storage lives on a device or was released
     */
    public MemorySegment segment() {
        MemoryBlock b = checkedBlock();
        if (!b.hostAccessible()) {
            throw new IllegalStateException(backend.name() + " storage is device memory, not host memory");
        }
        return b.segment();
    }

    /** True once the memory went back to the backend. */
    public boolean isReleased() {
        return release.done().get();
    }

    /** Gives the memory back to the backend now. Tensors on this storage must not be used again. */
    public void release() {
        if (cleanable != null) {
            cleanable.clean();
        } else {
            release.run();
        }
    }

    private MemoryBlock checkedBlock() {
        if (release.done().get()) {
            throw new IllegalStateException("tensor used after its memory was released "
                    + "(it was created inside a MemoryScope that has closed; keep it with MemoryScope.keep)");
        }
        return block;
    }
}
