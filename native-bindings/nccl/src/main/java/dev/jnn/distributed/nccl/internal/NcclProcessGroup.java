package dev.jnn.distributed.nccl.internal;

import dev.jnn.core.Tensor;
import dev.jnn.core.spi.MemoryBlock;
import dev.jnn.distributed.CollectiveException;
import dev.jnn.distributed.LaunchEnvironment;
import dev.jnn.distributed.ProcessGroup;
import dev.jnn.distributed.ProcessGroups;
import dev.jnn.distributed.ReduceOp;
import dev.jnn.distributed.Work;
import dev.jnn.distributed.spi.GroupConfig;
import dev.jnn.distributed.spi.Rendezvous;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The "nccl" process group: an NCCL communicator over the ranks' GPUs (GPU 0 of each process: give
 * each rank its own with {@code CUDA_VISIBLE_DEVICES}, which the {@code jnn} launcher sets from
 * {@code LOCAL_RANK}).
 *
 * <p><b>Bootstrap.</b> Rank 0 asks NCCL for a unique id and hands it to the others over a
 * {@link HostChannel}: the TCP {@link Rendezvous} at {@code MASTER_ADDR:MASTER_PORT} (torchrun-style
 * variables, or a Slurm script that exports them), else, in a job started by mpirun or by srun with
 * PMIx, the mpi group.
 * The channel stays open for the host-side reductions (the trainer's stop flag and epoch totals,
 * with no GPU round trip) and as the watchdog.
 *
 * <p><b>Streams.</b> Collectives run on a stream of the group's own. The compute backend's stream is
 * not visible through the Backend SPI, so before each collective the host waits for the backend
 * ({@code Backend.synchronize()}: the bucket's gradients are written), and {@link Work#await()} waits
 * for NCCL's stream; the all-reduce of a bucket then runs while the backend computes the next layers'
 * gradients. (With the backend's stream in the SPI, a CUDA event would order the two streams without
 * the host wait.)
 *
 * <p><b>Faults.</b> While waiting, the group polls the stream, {@code ncclCommGetAsyncError} and the
 * channel's watchdog; a peer that died, an asynchronous NCCL error or the timeout aborts the
 * communicator ({@code ncclCommAbort}, so nothing is left waiting on the GPU) and fails the
 * operation with a {@link CollectiveException} naming the cause. A dead peer also reaches the
 * configured loss handler at once, after the communicator was aborted.
 */
final class NcclProcessGroup implements ProcessGroup {
    private final Nccl nccl;
    private final HostChannel host;
    private final String via;
    private final MemorySegment comm;
    private final MemorySegment stream;
    private final int rank;
    private final int size;
    private final long timeoutNanos;
    private final boolean hostMemoryAllowed;
    private volatile boolean aborted;
    private boolean closed;

    private NcclProcessGroup(Nccl nccl, HostChannel host, String via, MemorySegment comm, MemorySegment stream, int rank, int size,
            Duration timeout, boolean hostMemoryAllowed) {
        this.nccl = nccl;
        this.host = host;
        this.via = via;
        this.comm = comm;
        this.stream = stream;
        this.rank = rank;
        this.size = size;
        this.timeoutNanos = timeout.toNanos();
        this.hostMemoryAllowed = hostMemoryAllowed;
    }

    /**
     * Joins the job: the host channel, then NCCL's communicator.
     *
     * @param hostMemoryAllowed whether tensors may live in host memory (only the fake library of the tests reduces that)
     */
    static NcclProcessGroup start(Nccl nccl, GroupConfig config, boolean hostMemoryAllowed) {
        LaunchEnvironment launch = config.launch();
        AtomicReference<NcclProcessGroup> self = new AtomicReference<>();
        // A lost peer: abort the communicator first, so that no kernel keeps waiting for it, then the handler.
        Consumer<CollectiveException> onLoss = e -> {
            NcclProcessGroup g = self.get();
            if (g != null) g.abortCommunicator();
            config.onPeerLost().accept(e);
        };
        HostChannel host;
        String via;
        int rank = launch.rank();
        int size = launch.worldSize();
        if (size == 1) {
            host = HostChannel.alone();
            via = "one process";
        } else if (launch.masterAddr() != null && launch.masterPort() != 0) {
            host = HostChannel.of(Rendezvous.start(launch, config.timeout(), onLoss));
            via = "rendezvous at " + launch.masterAddr() + ":" + launch.masterPort();
        } else if (launch.launcher().contains("mpirun") || launch.launcher().contains("PMI") || launch.launcher().contains("srun")) {
            // mpirun, or srun --mpi=pmix: MPI can start, and hands the unique id out.
            ProcessGroup mpi = ProcessGroups.load().create("mpi", config.withOnPeerLost(onLoss));
            if (mpi.rank() != rank || mpi.size() != size) {
                mpi.close();
                throw new CollectiveException("nccl: MPI says rank " + mpi.rank() + " of " + mpi.size() + ", " + launch.launcher()
                        + " said " + rank + " of " + size, -1);
            }
            host = HostChannel.of(mpi);
            via = "unique id through mpi";
        } else {
            throw new IllegalStateException("nccl: rank " + rank + " of " + size + " (" + launch.launcher() + ") needs MASTER_ADDR and "
                    + "MASTER_PORT (rank 0's host and a free port) to meet the other ranks, or a start by mpirun or srun --mpi=pmix");
        }
        try {
            nccl.setDevice(0);
            byte[] id = rank == 0 ? nccl.uniqueId() : new byte[Nccl.UNIQUE_ID_BYTES];
            host.broadcast(id);
            MemorySegment comm = nccl.commInitRank(size, id, rank);
            MemorySegment stream = nccl.streamCreate();
            NcclProcessGroup g = new NcclProcessGroup(nccl, host, via, comm, stream, rank, size, config.timeout(), hostMemoryAllowed);
            self.set(g);
            return g;
        } catch (RuntimeException e) {
            host.abort("nccl did not start: " + e.getMessage());
            throw e;
        }
    }

    @Override
    public String name() {
        return "nccl";
    }

    @Override
    public String description() {
        return "nccl: NCCL " + Nccl.versionText(nccl.version()) + " (" + nccl.ncclFile() + "), rank " + rank + " of " + size + ", " + via;
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return size;
    }

    private static int op(ReduceOp op) {
        return switch (op) {
            case SUM -> Nccl.SUM;
            case MAX -> Nccl.MAX;
            case MIN -> Nccl.MIN;
        };
    }

    /** The device address of {@code t}'s first element. */
    private MemorySegment pointer(Tensor t) {
        MemoryBlock b = t.storage().block();
        if (b.hostAccessible() && !hostMemoryAllowed) {
            throw new IllegalArgumentException("nccl reduces GPU memory, but this tensor is in host memory (backend " + t.backend().name()
                    + "): use the cuda backend, or the mpi collectives on CPUs");
        }
        return MemorySegment.ofAddress(b.segment().address() + t.offset() * Float.BYTES);
    }

    private void checkUsable() {
        if (closed) throw new IllegalStateException("nccl: the process group is closed");
        CollectiveException f = host.fault();
        if (f != null) throw new CollectiveException(f.getMessage(), f.failedRank());
        if (aborted) throw new CollectiveException("nccl: the communicator was aborted", -1);
    }

    @Override
    public Work allReduce(Tensor tensor, ReduceOp op) {
        checkUsable();
        MemorySegment p = pointer(tensor);
        // NCCL's stream knows nothing of the backend's: the bucket must be written before NCCL reads it.
        tensor.backend().synchronize();
        long t0 = System.nanoTime();
        nccl.allReduce(p, p, tensor.numel(), Nccl.FLOAT32, op(op), comm, stream);
        return new Work() {
            private double seconds = Double.NaN;

            @Override
            public void await() {
                waitFor("ncclAllReduce");
                seconds = (System.nanoTime() - t0) / 1e9;
            }

            @Override
            public double seconds() {
                return seconds;
            }
        };
    }

    /** Polls NCCL's stream until it is done, failing on an asynchronous error, a lost peer or the timeout. */
    private void waitFor(String what) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            // A lost peer first: its message names the rank, where NCCL's own error only says "remote".
            CollectiveException f = host.fault();
            if (f != null) {
                abortCommunicator();
                throw new CollectiveException(f.getMessage(), f.failedRank());
            }
            int state = poll();
            if (state == DONE) return;
            if (state != Nccl.IN_PROGRESS) {
                abortCommunicator();
                // NCCL's "remote process exited" names no rank; the watchdog usually knows which, a moment later.
                CollectiveException named = state == Nccl.REMOTE_ERROR || state == Nccl.SYSTEM_ERROR ? awaitFault(2_000) : null;
                if (named != null) throw new CollectiveException(named.getMessage(), named.failedRank());
                throw new NcclException(what + ": " + nccl.errorString(state) + " (ncclResult " + state + ", reported by ncclCommGetAsyncError)");
            }
            if (System.nanoTime() > deadline) {
                abortCommunicator();
                throw new CollectiveException(what + " did not finish within " + timeoutNanos / 1_000_000_000L
                        + " s: a rank is stuck or far behind; the communicator was aborted", -1);
            }
            LockSupport.parkNanos(20_000);
        }
    }

    private static final int DONE = Nccl.SUCCESS;

    /** The host channel's fault, waiting up to {@code millis} for it; null if none comes. */
    private CollectiveException awaitFault(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (host.fault() == null && System.nanoTime() < deadline) LockSupport.parkNanos(1_000_000);
        return host.fault();
    }

    /**
     * NCCL's stream done ({@link #DONE}), still running (ncclInProgress), or the asynchronous error.
     * Under the lock that {@link #abortCommunicator} takes: an aborted communicator is freed and must
     * not be asked again.
     */
    private synchronized int poll() {
        if (aborted) return Nccl.REMOTE_ERROR;
        int err = nccl.asyncError(comm);
        if (err != Nccl.SUCCESS && err != Nccl.IN_PROGRESS) return err;
        return nccl.streamDone(stream) ? DONE : Nccl.IN_PROGRESS;
    }

    /** {@code ncclCommAbort}, once; from the watchdog thread too. */
    private synchronized void abortCommunicator() {
        if (aborted || closed) return;
        aborted = true;
        nccl.abort(comm);
    }

    @Override
    public void allReduce(double[] values, ReduceOp op) {
        checkUsable();
        host.allReduce(values, op);
    }

    @Override
    public void broadcast(Tensor tensor, int root) {
        checkUsable();
        if (root < 0 || root >= size) throw new IllegalArgumentException("nccl: root " + root + " is outside [0, " + size + ")");
        MemorySegment p = pointer(tensor);
        tensor.backend().synchronize();
        nccl.broadcast(p, p, tensor.numel(), Nccl.FLOAT32, root, comm, stream);
        waitFor("ncclBroadcast");
    }

    @Override
    public void broadcast(byte[] bytes, int root) {
        checkUsable();
        if (root != 0) throw new IllegalArgumentException("nccl: byte broadcasts go through the host channel, from rank 0 only");
        host.broadcast(bytes);
    }

    @Override
    public void barrier() {
        checkUsable();
        host.barrier();
    }

    @Override
    public void abort(String reason) {
        host.abort(reason);
        abortCommunicator();
    }

    @Override
    public void close() {
        if (closed) return;
        try {
            if (!aborted) {
                nccl.streamSynchronize(stream);
                nccl.destroy(comm);
            }
            nccl.streamDestroy(stream);
        } finally {
            closed = true;
            host.close();
        }
    }
}
