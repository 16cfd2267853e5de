package dev.jnn.backend.onednn.internal;

import java.lang.foreign.MemorySegment;

/**
 * A oneDNN CPU engine with its in-order stream and the number of OpenMP threads primitives run on.
 * Closing it destroys both, once. Used from one thread at a time.
 */
public final class OneDnnEngine implements AutoCloseable {
    private final MemorySegment engine;
    private final MemorySegment stream;
    private int threads;
    private boolean closed;

    /**
     * Creates the engine and stream.
     *
     * @param threads OpenMP threads for every primitive (at least 1)
     * @throws OneDnnUnavailableException if the library cannot be loaded
     */
    public OneDnnEngine(int threads) {
        OneDnnLibrary.get();
        setThreads(threads);
        EngineCalls.setDefaultFpmathMode(EngineCalls.FPMATH_MODE_STRICT);
        MemorySegment e = EngineCalls.engineCreate();
        try {
            this.stream = EngineCalls.streamCreate(e);
        } catch (RuntimeException ex) {
            EngineCalls.engineDestroy(e);
            throw ex;
        }
        this.engine = e;
    }

    /** The {@code dnnl_engine_t}. */
    MemorySegment engine() {
        checkOpen();
        return engine;
    }

    /** The {@code dnnl_stream_t}. */
    MemorySegment stream() {
        checkOpen();
        return stream;
    }

    /** The thread count primitives are created for and run with. */
    public int threads() {
        return threads;
    }

    /**
     * Sets the thread count. Callers must drop primitives created for another count: oneDNN sizes
     * per-thread scratch space when it creates a primitive.
     */
    void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be at least 1, got " + n);
        threads = n;
    }

    /**
     * Applies the thread count to the calling thread's OpenMP team; called before every primitive
     * creation and execution because {@code omp_set_num_threads} is per calling thread.
     */
    void enter() {
        checkOpen();
        InfoCalls.setNumThreads(threads);
    }

    /** Waits for queued work (the CPU stream is synchronous in practice). */
    public void waitForCompletion() {
        EngineCalls.streamWait(stream());
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("oneDNN engine is closed");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            EngineCalls.streamDestroy(stream);
        } finally {
            EngineCalls.engineDestroy(engine);
        }
    }
}
