package dev.jnn.train.internal;

import dev.jnn.core.MemoryScope;
import dev.jnn.core.NoGrad;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;

/**
 * Holds the losses and correct-prediction counts of up to {@code capacity} training steps on the
 * backend, so that a GPU reads them back every so many steps instead of waiting for each step's
 * loss (which would leave it idle while the host queues the next step). Each step copies its two
 * scalars into the next slots on the device; {@link #read} brings all pending ones back at once.
 * With capacity 1 this is the same as reading each step's values as it ends.
 */
public final class StepReadback {
    private final int capacity;
    private Tensor losses;
    private Tensor corrects;
    private int pending;

    /**
     * @param capacity steps held before a read is due, at least 1 ({@code Trainer.Builder.readbackEvery}
     *     checks what users give)
     */
    public StepReadback(int capacity) {
        this.capacity = capacity;
    }

    /** Steps recorded since the last read. */
    public int pending() {
        return pending;
    }

    /** Whether the slots are full, so that a read is due before the next step. */
    public boolean full() {
        return pending == capacity;
    }

    /**
     * Copies a step's loss (one element) and the number of rows whose arg-max of {@code output}
     * equals {@code targets} into the next slots; queues work only.
     */
    public void record(Tensor loss, Tensor output, Tensor targets) {
        if (full()) throw new IllegalStateException("StepReadback: read() is due before recording another step");
        if (losses == null || losses.backend() != loss.backend()) allocate(loss.backend());
        try (NoGrad ignored = NoGrad.enter()) {
            losses.narrow(0, pending, 1).copyFrom(loss.detach());
            corrects.narrow(0, pending, 1).copyFrom(output.argmax(1).eq(targets).sum());
        }
        pending++;
    }

    /** The pending steps' losses and correct counts, in step order ({@code [2][pending]}); clears them. */
    public float[][] read() {
        if (pending == 0) return new float[2][0];
        float[][] out = {losses.narrow(0, 0, pending).toFloatArray(), corrects.narrow(0, 0, pending).toFloatArray()};
        pending = 0;
        return out;
    }

    private void allocate(Backend backend) {
        // Called inside a step's memory scope; these must outlive it (they live as long as the run).
        losses = MemoryScope.persistent(() -> Tensor.zeros(backend, Shape.of(capacity)));
        corrects = MemoryScope.persistent(() -> Tensor.zeros(backend, Shape.of(capacity)));
    }
}
