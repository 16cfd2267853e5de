package dev.jnn.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One pass of a {@link DataLoader} over its data set: an iterator of {@link Batch}es that may build
 * them ahead on a background thread. Read it once ({@code for (Batch b : epoch)}), and close it,
 * which stops and joins the prefetch thread; closing twice is harmless.
 */
public final class Epoch implements Iterator<Batch>, Iterable<Batch>, AutoCloseable {
    private static final Object END = new Object();

    private final DataLoader loader;
    private final int epoch;
    private final int[] order;
    private final int endBatch;
    private int nextBatch;
    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private Object head;
    private volatile boolean closed;

    Epoch(DataLoader loader, int epoch, int startBatch, int[] order, int prefetch) {
        this.loader = loader;
        this.epoch = epoch;
        this.order = order;
        this.endBatch = loader.numBatches();
        this.nextBatch = startBatch;
        if (prefetch > 0 && startBatch < endBatch) {
            queue = new ArrayBlockingQueue<>(prefetch);
            thread = Thread.ofPlatform().daemon().name("jnn-prefetch-epoch-" + epoch).unstarted(this::produce);
            thread.start();
        } else {
            queue = null;
            thread = null;
        }
    }

    /** The epoch number. */
    public int epoch() {
        return epoch;
    }

    private void produce() {
        try {
            for (int b = nextBatch; b < endBatch && !closed; b++) {
                queue.put(loader.build(epoch, order, b));
            }
            queue.put(END);
        } catch (InterruptedException e) {
            // close() interrupts us: stop quietly.
        } catch (RuntimeException | Error e) {
            try {
                queue.put(e);
            } catch (InterruptedException ignored) {
                // closed while reporting; nobody is reading any more
            }
        }
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        if (thread == null) {
            return nextBatch < endBatch;
        }
        if (head == null) {
            try {
                head = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for batch " + nextBatch, e);
            }
        }
        if (head instanceof Throwable t) {
            head = END;
            throw new IllegalStateException("building batch " + nextBatch + " of epoch " + epoch + " failed: " + t, t);
        }
        return head != END;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has no more batches");
        }
        Batch b;
        if (thread == null) {
            b = loader.build(epoch, order, nextBatch);
        } else {
            b = (Batch) head;
            head = null;
        }
        nextBatch++;
        return b;
    }

    /** This epoch itself, for use in a for-each loop; it can be iterated only once. */
    @Override
    public Iterator<Batch> iterator() {
        return this;
    }

    /** Stops the prefetch thread and waits for it to end. */
    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            boolean interrupted = false;
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            queue.clear();
        }
    }

    /** The prefetch thread, or null (for tests). */
    Thread thread() {
        return thread;
    }
}
