package dev.jnn.backend.vector.internal.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of threads that splits an outer range into chunks.
 *
 * <p>The calling thread always takes part, so a pool of {@code n} threads starts {@code n - 1}
 * daemon workers. Small ranges (fewer chunks than two) run inline on the caller with no hand-off.
 * A call made while the pool is busy (another caller, or a nested call from inside a chunk) also
 * runs inline, so the pool can never deadlock on itself.
 *
 * <p>Chunk boundaries depend only on the range and the grain, never on the thread count, so a
 * kernel whose chunks write disjoint outputs gives bit-identical results on any number of threads.
 * The caller closes the pool.
 */
public final class Parallel implements AutoCloseable {

    /** The body of a parallel loop: processes indices {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        /** Processes the half-open index range {@code [from, to)}. */
        void run(long from, long to);
    }

    /** Iterations a parked-to-be worker spins first: ops arrive back to back in a training step. */
    private static final int SPIN = 1 << 14;

    private static final Parallel SERIAL = new Parallel(1);

    private final int threads;
    private final Thread[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    /** Generation in the high 32 bits, next chunk index in the low 32: a stale worker's claim fails. */
    private final AtomicLong ticket = new AtomicLong();
    private final AtomicInteger doneChunks = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private int generation;
    private volatile boolean closed;
    private volatile Thread caller;
    // Task fields, published by the volatile write of ticket.
    private Range body;
    private long start;
    private long length;
    private long grain;
    private volatile int chunks;

    /**
     * Creates a pool that runs loops on {@code threads} threads (the caller plus {@code threads - 1}
     * workers).
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            Thread t = new Thread(this::workLoop, "jnn-vector-" + (i + 1));
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    /** A pool of one thread: every loop runs inline on the caller. Never close it. */
    public static Parallel serial() {
        return SERIAL;
    }

    /** The number of threads loops run on, the caller included. */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of {@code grain} indices (the last may be
     * shorter), spread over the pool; returns when every chunk is done.
     *
     * @param grain chunk size, at least 1; choose it so one chunk is worth a hand-off (tens of µs)
     */
    public void forRange(long n, long grain, Range body) {
        if (n <= 0) {
            return;
        }
        long g = Math.max(1, grain);
        long chunkCount = (n + g - 1) / g;
        if (chunkCount < 2 || workers.length == 0 || closed || !busy.compareAndSet(false, true)) {
            runChunks(body, 0, n, g, chunkCount);
            return;
        }
        try {
            if (chunkCount > Integer.MAX_VALUE) {
                g = (n + Integer.MAX_VALUE - 1) / Integer.MAX_VALUE;
                chunkCount = (n + g - 1) / g;
            }
            // First close the previous generation: a worker that read the old ticket and then
            // reads the new chunk count below cannot claim, since its CAS on the old ticket fails.
            // The closed generation has no claimable chunk (index MAX_VALUE) and a number of its
            // own, so a worker that wakes on it still sees the open generation change after it.
            ticket.set((long) ++generation << 32 | Integer.MAX_VALUE);
            this.body = body;
            this.start = 0;
            this.length = n;
            this.grain = g;
            this.chunks = (int) chunkCount;
            doneChunks.set(0);
            caller = Thread.currentThread();
            int gen = ++generation;
            ticket.set((long) gen << 32);  // volatile write publishes the task fields
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
            work(gen);
            int spins = 0;
            while (doneChunks.get() < chunks) {
                if (++spins < SPIN) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 20_000);
                }
            }
            this.body = null;
            Throwable t = failure.getAndSet(null);
            if (t != null) {
                throwUnchecked(t);
            }
        } finally {
            busy.set(false);
        }
    }

    /**
     * Splits {@code [0, n)} into about {@code 4 * threads} chunks but none smaller than
     * {@code minGrain}, then runs {@link #forRange}. Use only when chunk boundaries cannot change
     * results (outputs are disjoint and no reduction crosses chunks).
     */
    public void forRangeBalanced(long n, long minGrain, Range body) {
        long g = Math.max(Math.max(1, minGrain), (n + 4L * threads - 1) / (4L * threads));
        forRange(n, g, body);
    }

    /**
     * Takes chunks of generation {@code gen} until none is left. Task fields are read only after a
     * successful claim: the task cannot move on while a claimed chunk is unfinished.
     */
    private void work(int gen) {
        while (true) {
            long v = ticket.get();
            int c = (int) v;
            if ((int) (v >>> 32) != gen || c >= chunks) {
                return;
            }
            if (!ticket.compareAndSet(v, v + 1)) {
                continue;
            }
            long from = start + c * grain;
            long to = Math.min(start + length, from + grain);
            try {
                body.run(from, to);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
            if (doneChunks.incrementAndGet() == chunks) {
                LockSupport.unpark(caller);
            }
        }
    }

    private void workLoop() {
        int seen = 0;
        while (!closed) {
            int spins = 0;
            int gen;
            while ((gen = (int) (ticket.get() >>> 32)) == seen && !closed) {
                if (++spins < SPIN) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = gen;
            work(gen);
        }
    }

    private static void runChunks(Range body, long from, long n, long g, long chunkCount) {
        for (long c = 0; c < chunkCount; c++) {
            long lo = from + c * g;
            body.run(lo, Math.min(from + n, lo + g));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void throwUnchecked(Throwable t) throws T {
        throw (T) t;
    }

    /** Stops the workers; later loops run inline on the caller. */
    @Override
    public void close() {
        if (this == SERIAL) {
            return;
        }
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}
