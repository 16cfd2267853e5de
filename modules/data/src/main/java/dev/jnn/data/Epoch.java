package dev.jnn.data;

import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One pass of a {@link DataLoader} over its data set: an iterator of {@link Batch}es that may build
 * them ahead on a background thread. Read it once ({@code for (Batch b : epoch)}).
 *
 * <p>Each batch is a step: handing it out opens the step's memory scope, and asking for the next
 * batch (or reaching the end, or closing the epoch) closes that batch, which frees the tensors the
 * step made (see {@link Batch}). Closing the epoch also stops and joins the prefetch thread; closing
 * twice is harmless. The thread also ends by itself at the end of the epoch, and when an epoch that
 * was never closed becomes unreachable.
 */
public final class Epoch implements Iterator<Batch>, Iterable<Batch>, AutoCloseable {
    // Stops the prefetch thread of an epoch dropped without close(); the thread only references the
    // Producer, never the Epoch, so an abandoned Epoch can become unreachable.
    private static final Cleaner CLEANER = Cleaner.create(
            Thread.ofPlatform().daemon().name("jnn-prefetch-cleaner").factory());
    private static final Object END = new Object();

    private final DataLoader loader;
    private final int epoch;
    private final int[] order;
    private final int endBatch;
    private int nextBatch;
    private final Producer producer;
    private final Cleaner.Cleanable cleanable;
    private Object head;
    private boolean closed;
    /** The batch handed out last, closed when the next is asked for. */
    private Batch current;

    Epoch(DataLoader loader, int epoch, int startBatch, int[] order, int prefetch) {
        this.loader = loader;
        this.epoch = epoch;
        this.order = order;
        this.endBatch = loader.numBatches();
        this.nextBatch = startBatch;
        if (prefetch > 0 && startBatch < endBatch) {
            producer = new Producer(loader, epoch, order, startBatch, endBatch, prefetch);
            cleanable = CLEANER.register(this, producer::stop);
            producer.thread.start();
        } else {
            producer = null;
            cleanable = null;
        }
    }

    /** The epoch number. */
    public int epoch() {
        return epoch;
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        if (producer == null) {
            if (nextBatch >= endBatch) finishCurrent();
            return nextBatch < endBatch;
        }
        if (head == null) {
            try {
                head = producer.queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for batch " + nextBatch, e);
            }
        }
        if (head instanceof Throwable t) {
            head = END;
            finishCurrent();
            throw new IllegalStateException("building batch " + nextBatch + " of epoch " + epoch + " failed: " + t, t);
        }
        if (head == END) finishCurrent();
        return head != END;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has no more batches");
        }
        Batch b;
        if (producer == null) {
            b = loader.build(epoch, order, nextBatch);
        } else {
            b = (Batch) head;
            head = null;
        }
        nextBatch++;
        finishCurrent();
        b.openStep();
        current = b;
        return b;
    }

    /** Closes the batch handed out last: its step ends, its tensors are freed. */
    private void finishCurrent() {
        if (current != null) {
            Batch done = current;
            current = null;
            done.close();
        }
    }

    /** This epoch itself, for use in a for-each loop; it can be iterated only once. */
    @Override
    public Iterator<Batch> iterator() {
        return this;
    }

    /** Stops the prefetch thread and waits for it to end. */
    @Override
    public void close() {
        finishCurrent();
        closed = true;
        if (producer != null) {
            cleanable.clean();
            producer.join();
            producer.queue.clear();
        }
    }

    /** The prefetch thread, or null (for tests). */
    Thread thread() {
        return producer == null ? null : producer.thread;
    }

    /** Builds batches on its own daemon thread into a bounded queue. */
    private static final class Producer implements Runnable {
        final DataLoader loader;
        final int epoch;
        final int[] order;
        final int start;
        final int end;
        final BlockingQueue<Object> queue;
        final Thread thread;
        volatile boolean stopped;

        Producer(DataLoader loader, int epoch, int[] order, int start, int end, int depth) {
            this.loader = loader;
            this.epoch = epoch;
            this.order = order;
            this.start = start;
            this.end = end;
            this.queue = new ArrayBlockingQueue<>(depth);
            this.thread = Thread.ofPlatform().daemon().name("jnn-prefetch-epoch-" + epoch).unstarted(this);
        }

        @Override
        public void run() {
            try {
                for (int b = start; b < end && !stopped; b++) {
                    queue.put(loader.build(epoch, order, b));
                }
                queue.put(END);
            } catch (InterruptedException e) {
                // stop() interrupts us: end quietly.
            } catch (RuntimeException | Error e) {
                try {
                    queue.put(e);
                } catch (InterruptedException ignored) {
                    // stopped while reporting; nobody reads any more
                }
            }
        }

        void stop() {
            stopped = true;
            thread.interrupt();
        }

        void join() {
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
        }
    }
}
