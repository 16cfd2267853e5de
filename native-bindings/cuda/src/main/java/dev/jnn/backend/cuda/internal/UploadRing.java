package dev.jnn.backend.cuda.internal;

import java.lang.foreign.MemorySegment;

/**
 * Page-locked host slots for copies to the device that do not wait for the device. A copy takes the
 * next slot, fills it from Java memory (often a heap array, which native code cannot be handed),
 * queues the transfer on the stream and records an event behind it; the host waits only when it
 * comes round to a slot whose transfer has not run yet, i.e. when it is {@value #SLOTS} copies ahead
 * of the device. A slot grows to the largest copy it has held. Closed by the backend, after the
 * stream has drained.
 */
final class UploadRing implements AutoCloseable {
    static final int SLOTS = 16;
    private static final long MIN_SLOT = 64 << 10;

    private final MemorySegment stream;
    private final MemorySegment[] buffers = new MemorySegment[SLOTS];
    private final MemorySegment[] done = new MemorySegment[SLOTS];
    private final boolean[] inFlight = new boolean[SLOTS];
    private int next;

    UploadRing(MemorySegment stream) {
        this.stream = stream;
    }

    /** Copies {@code bytes} of {@code src} from {@code srcOffset} to the device address {@code dst}, queued on the stream. */
    synchronized void upload(MemorySegment src, long srcOffset, MemorySegment dst, long bytes) {
        int i = next;
        next = (next + 1) % SLOTS;
        if (inFlight[i]) CudaRuntime.eventSynchronize(done[i]);
        inFlight[i] = false;
        if (buffers[i] == null || buffers[i].byteSize() < bytes) {
            if (buffers[i] != null) CudaRuntime.freeHost(buffers[i]);
            buffers[i] = null;
            buffers[i] = CudaRuntime.mallocHost(Math.max(bytes, MIN_SLOT));
        }
        if (done[i] == null) done[i] = CudaRuntime.eventCreate(false);
        MemorySegment.copy(src, srcOffset, buffers[i], 0, bytes);
        CudaRuntime.memcpyAsync(dst, buffers[i], bytes, CudaRuntime.MEMCPY_HOST_TO_DEVICE, stream);
        CudaRuntime.eventRecord(done[i], stream);
        inFlight[i] = true;
    }

    @Override
    public synchronized void close() {
        for (int i = 0; i < SLOTS; i++) {
            if (buffers[i] != null) CudaRuntime.freeHost(buffers[i]);
            if (done[i] != null) CudaRuntime.eventDestroy(done[i]);
            buffers[i] = null;
            done[i] = null;
        }
    }
}
