package dev.jnn.backend.vector.internal.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
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
 * <p>In {@link #forRange}, chunk boundaries depend only on the range and the grain, never on the
 * thread count, so a kernel whose chunks write disjoint outputs gives bit-identical results on any
 * number of threads. {@link #forElements} cuts by thread count, for elementwise loops only.
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
    /** The open generation in the high 32 bits; a change wakes the workers. */
    private final AtomicLong ticket = new AtomicLong();
    /**
     * Per thread (caller first), the generation in the high 32 bits and the next chunk index of that
     * thread's home range in the low 32: a stale claim fails.
     */
    private final AtomicLongArray cursors;
    private final AtomicInteger doneChunks = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private int generation;
    private volatile boolean closed;
    private volatile Thread caller;
    // Task fields, published by the volatile write of ticket.
    private Range body;
    private long grain;
    private volatile int chunks;
    /** Per thread: its home range's first chunk, the chunk after its last, and its first and end index. */
    private final int[] firstChunk;
    private final int[] ends;
    private final long[] lo;
    private final long[] hi;

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
        this.cursors = new AtomicLongArray(threads);
        this.firstChunk = new int[threads];
        this.ends = new int[threads];
        this.lo = new long[threads];
        this.hi = new long[threads];
        for (int i = 0; i < workers.length; i++) {
            int self = i + 1;
            Thread t = new Thread(() -> workLoop(self), "jnn-vector-" + self);
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
     * shorter), spread over the pool; returns when every chunk is done. Each thread first takes a
     * fixed, contiguous share of the chunks (its home range), so a loop that runs every step over
     * the same buffer finds its part in the same core's cache.
     *
     * @param grain chunk size, at least 1; choose it so one chunk is worth a hand-off (tens of µs)
     */
    public void forRange(long n, long grain, Range body) {
        run(n, grain, false, body);
    }

    /**
     * Runs {@code body} over {@code [0, n)} for an elementwise loop, whose results cannot depend on
     * where chunks end: the range is cut into one contiguous share per thread, at multiples of
     * {@value #ELEMENT_ALIGN} indices (so vector loops see the same tail as on one thread), and each
     * share into chunks of at most {@value #ELEMENT_GRAIN}. Every elementwise loop over a buffer of
     * a given size thus runs inline, or gives each thread the same share, whatever the op: the
     * gradient, weights and momentum that one op leaves in a core's cache are read there by the
     * next. Between cores of different core complexes a cache line takes 200+ ns (measured here),
     * which costs more than the split saves. Runs inline when {@code n} is under two chunks.
     */
    public void forElements(long n, Range body) {
        run(n, ELEMENT_GRAIN, true, body);
    }

    /** Indices per chunk of an elementwise loop: 128 KiB of floats, a few µs of work. */
    public static final long ELEMENT_GRAIN = 1 << 15;

    /** Elementwise shares start at multiples of this many indices: 256 bytes of floats. */
    static final int ELEMENT_ALIGN = 64;

    private void run(long n, long grain, boolean elementShares, Range body) {
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
            if (chunkCount > Integer.MAX_VALUE / 2) {
                g = (n + Integer.MAX_VALUE / 2 - 1) / (Integer.MAX_VALUE / 2);
                chunkCount = (n + g - 1) / g;
            }
            // First close the previous generation: a worker that read an old cursor and then reads
            // the new ranges below cannot claim, since its CAS on the old cursor value fails. The
            // closed generation has no claimable chunk (index MAX_VALUE) and a number of its own,
            // so a worker that wakes on it still sees the open generation change after it.
            long closedGen = (long) ++generation << 32 | Integer.MAX_VALUE;
            for (int i = 0; i < threads; i++) {
                cursors.set(i, closedGen);
            }
            this.body = body;
            this.grain = g;
            int total = elementShares ? elementHomes(n, g) : chunkHomes(n, g, (int) chunkCount);
            this.chunks = total;
            doneChunks.set(0);
            caller = Thread.currentThread();
            int gen = ++generation;
            for (int i = threads - 1; i >= 0; i--) {
                cursors.set(i, (long) gen << 32 | firstChunk[i]);
            }
            ticket.set((long) gen << 32);  // volatile write publishes the task fields
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
            work(gen, 0);
            int spins = 0;
            while (doneChunks.get() < total) {
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

    /** Home ranges as contiguous shares of the grain-sized chunks; returns the chunk count. */
    private int chunkHomes(long n, long g, int chunkCount) {
        for (int i = 0; i < threads; i++) {
            firstChunk[i] = (int) ((long) chunkCount * i / threads);
            ends[i] = (int) ((long) chunkCount * (i + 1) / threads);
            lo[i] = firstChunk[i] * g;
            hi[i] = Math.min(n, ends[i] * g);
        }
        return chunkCount;
    }

    /** Home ranges as aligned, equal shares of the indices, each cut into chunks; returns the chunk count. */
    private int elementHomes(long n, long g) {
        int next = 0;
        for (int i = 0; i < threads; i++) {
            lo[i] = i == 0 ? 0 : n * i / threads / ELEMENT_ALIGN * ELEMENT_ALIGN;
            hi[i] = i == threads - 1 ? n : n * (i + 1) / threads / ELEMENT_ALIGN * ELEMENT_ALIGN;
            firstChunk[i] = next;
            next += (int) ((hi[i] - lo[i] + g - 1) / g);
            ends[i] = next;
        }
        return next;
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
     * Takes chunks of generation {@code gen}: first from thread {@code self}'s home range, then from
     * the others' (a late thread's share is not left waiting). Task fields are read only after a
     * successful claim: the task cannot move on while a claimed chunk is unfinished.
     */
    private void work(int gen, int self) {
        for (int j = 0; j < threads; j++) {
            int home = (self + j) % threads;
            while (true) {
                long v = cursors.get(home);
                int c = (int) v;
                if ((int) (v >>> 32) != gen || c >= ends[home]) {
                    break;
                }
                if (!cursors.compareAndSet(home, v, v + 1)) {
                    continue;
                }
                long from = lo[home] + (c - firstChunk[home]) * grain;
                long to = Math.min(hi[home], from + grain);
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
    }

    private void workLoop(int self) {
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
            work(gen, self);
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
