package dev.jnn.distributed.mpi.internal;

import dev.jnn.core.Tensor;
import dev.jnn.distributed.CollectiveException;
import dev.jnn.distributed.LaunchEnvironment;
import dev.jnn.distributed.ProcessGroup;
import dev.jnn.distributed.ReduceOp;
import dev.jnn.distributed.Work;
import dev.jnn.distributed.spi.GroupConfig;
import dev.jnn.distributed.spi.Rendezvous;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The "mpi" process group: MPI_COMM_WORLD of Open MPI.
 *
 * <p>Every MPI call runs on one thread of this group ({@code jnn-mpi}), which also initialised MPI
 * (so MPI_THREAD_FUNNELED is all it needs; it asks for SERIALIZED). A tensor all-reduce is queued there
 * and returns at once: MPI works on the bucket while the training thread goes on with the backward
 * pass, which is the overlap data-parallel training wants (Open MPI does not progress a non-blocking
 * MPI_Iallreduce in the background by itself, so a blocking call on a thread of its own is the way
 * to overlap). Host memory is reduced in place; device memory (the cuda backend) is staged through
 * the host.
 *
 * <p>A dead peer: Open MPI 4 has no way out of a collective whose peer died, and mpirun ends the
 * job a second or so later. So that each rank first says who died, the ranks also hold a
 * {@link Rendezvous} star (bootstrapped through MPI_Bcast), whose watchdog calls the configured
 * loss handler at once (by default: one line, then the process halts).
 */
final class MpiProcessGroup implements ProcessGroup {
    /** MPI can be initialised once per process. */
    private static boolean started;

    private final ExecutorService comm;
    private final Duration timeout;
    private final int rank;
    private final int size;
    private final String version;
    private final Rendezvous watch;
    private boolean closed;

    private MpiProcessGroup(ExecutorService comm, GroupConfig config, int rank, int size, String version, Rendezvous watch) {
        this.comm = comm;
        this.timeout = config.timeout();
        this.rank = rank;
        this.size = size;
        this.version = version;
        this.watch = watch;
    }

    /** Initialises MPI, checks it agrees with the launcher, and joins the watchdog star. */
    static synchronized MpiProcessGroup start(GroupConfig config) {
        if (started) throw new IllegalStateException("mpi: MPI was already started in this process (it can be initialised only once)");
        started = true;
        ExecutorService comm = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("jnn-mpi").unstarted(r));
        int[] rs = call(comm, config.timeout(), "MPI_Init_thread", () -> {
            int provided = Mpi.initThread(Mpi.THREAD_SERIALIZED);
            if (provided < Mpi.THREAD_FUNNELED) {
                throw new CollectiveException("mpi: MPI_Init_thread gave thread level " + provided
                        + ", jnn needs MPI_THREAD_FUNNELED (1) or more: is this Open MPI built without thread support?", -1);
            }
            Mpi.errorsReturn();
            return new int[] {Mpi.rank(), Mpi.size()};
        });
        int rank = rs[0];
        int size = rs[1];
        LaunchEnvironment launch = config.launch();
        if (launch.worldSize() != size && size == 1 && launch.launcher().startsWith("torchrun")) {
            throw new CollectiveException("mpi: these ranks were started with torchrun-style variables (RANK, WORLD_SIZE), not by mpirun, so "
                    + "MPI sees each process alone: start them with mpirun -np " + launch.worldSize() + ", or use the nccl collectives", -1);
        }
        if (launch.worldSize() != size && !launch.launcher().equals("none")) {
            throw new CollectiveException("mpi: " + launch.launcher() + " started " + launch.worldSize() + " processes, but MPI says the "
                    + "job has " + size + ": is " + Mpi.file() + " from the same MPI as the launcher?", -1);
        }
        String version = Mpi.libraryVersion().split(",")[0];
        Rendezvous watch = size == 1 ? null : watchdog(comm, config, rank, size);
        return new MpiProcessGroup(comm, config, rank, size, version, watch);
    }

    /** Rank 0 listens on a free port and tells the others where through MPI_Bcast; everyone joins the star. */
    private static Rendezvous watchdog(ExecutorService comm, GroupConfig config, int rank, int size) {
        byte[] info = new byte[4096];
        ServerSocket server = null;
        if (rank == 0) {
            try {
                server = new ServerSocket();
                server.bind(new InetSocketAddress(0));
            } catch (IOException e) {
                throw new CollectiveException("mpi: rank 0 cannot open a port for the watchdog: " + e.getMessage(), e);
            }
            String master = config.launch().masterAddr();
            String addresses = (master != null ? master + ":" + server.getLocalPort() + "," : "")
                    + Rendezvous.reachableAddresses(server.getLocalPort());
            byte[] text = (new SecureRandom().nextLong() + ";" + addresses).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(text, 0, info, 0, Math.min(text.length, info.length - 1));
        }
        call(comm, config.timeout(), "MPI_Bcast", () -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment buf = a.allocate(info.length);
                MemorySegment.copy(info, 0, buf, ValueLayout.JAVA_BYTE, 0, info.length);
                Mpi.broadcast(buf, info.length, 1, Mpi.BYTE, 0);
                MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, info, 0, info.length);
            }
            return null;
        });
        String text = new String(info, StandardCharsets.UTF_8).trim();
        int semi = text.indexOf(';');
        long token = Long.parseLong(text.substring(0, semi));
        List<InetSocketAddress> hub = Rendezvous.parseAddresses(text.substring(semi + 1));
        return rank == 0 ? Rendezvous.host(server, size, token, config.timeout(), config.onPeerLost())
                : Rendezvous.join(hub, rank, size, token, config.timeout(), config.onPeerLost());
    }

    /** Runs {@code body} on the MPI thread and waits for it, at most {@code timeout}. */
    private static <T> T call(ExecutorService comm, Duration timeout, String what, Callable<T> body) {
        return await(comm.submit(body), timeout, what);
    }

    private static <T> T await(Future<T> f, Duration timeout, String what) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new CollectiveException(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new CollectiveException(what + " did not finish within " + timeout.toSeconds() + " s: a rank is stuck or far behind", -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectiveException(what + " interrupted", e);
        }
    }

    private <T> T call(String what, Callable<T> body) {
        checkOpen();
        return call(comm, timeout, what, body);
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("mpi: the process group is closed");
        if (watch != null && watch.fault() != null) throw new CollectiveException(watch.fault().getMessage(), watch.fault().failedRank());
    }

    @Override
    public String name() {
        return "mpi";
    }

    @Override
    public String description() {
        return "mpi: " + version + " (" + Mpi.file() + "), rank " + rank + " of " + size;
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return size;
    }

    private static MemorySegment op(ReduceOp op) {
        return switch (op) {
            case SUM -> Mpi.SUM;
            case MAX -> Mpi.MAX;
            case MIN -> Mpi.MIN;
        };
    }

    @Override
    public Work allReduce(Tensor tensor, ReduceOp op) {
        checkOpen();
        long n = tensor.numel();
        if (tensor.storage().block().hostAccessible()) {
            MemorySegment seg = tensor.segment();
            Future<Double> f = comm.submit(() -> {
                long t0 = System.nanoTime();
                Mpi.allReduceInPlace(seg, n, Float.BYTES, Mpi.FLOAT, op(op));
                return (System.nanoTime() - t0) / 1e9;
            });
            return work(f, null, null);
        }
        // Device memory: through a host copy (CUDA-aware MPI could take the device pointer; Debian's is not).
        float[] host = tensor.toFloatArray();
        Arena arena = Arena.ofShared();
        MemorySegment seg = arena.allocateFrom(ValueLayout.JAVA_FLOAT, host);
        Future<Double> f = comm.submit(() -> {
            long t0 = System.nanoTime();
            Mpi.allReduceInPlace(seg, n, Float.BYTES, Mpi.FLOAT, op(op));
            return (System.nanoTime() - t0) / 1e9;
        });
        return work(f, () -> {
            tensor.write(seg.toArray(ValueLayout.JAVA_FLOAT), 0);
            arena.close();
        }, arena);
    }

    /** A Work whose await waits for {@code f}, then runs {@code after} on the caller's thread. */
    private Work work(Future<Double> f, Runnable after, Arena arena) {
        return new Work() {
            private double seconds = Double.NaN;

            @Override
            public void await() {
                try {
                    seconds = MpiProcessGroup.await(f, timeout, "MPI_Allreduce");
                } catch (RuntimeException e) {
                    if (arena != null) arena.close();
                    throw e;
                }
                if (after != null) after.run();
            }

            @Override
            public double seconds() {
                return seconds;
            }
        };
    }

    @Override
    public void allReduce(double[] values, ReduceOp op) {
        call("MPI_Allreduce", () -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment seg = a.allocateFrom(ValueLayout.JAVA_DOUBLE, values);
                Mpi.allReduceInPlace(seg, values.length, Double.BYTES, Mpi.DOUBLE, op(op));
                MemorySegment.copy(seg, ValueLayout.JAVA_DOUBLE, 0, values, 0, values.length);
            }
            return null;
        });
    }

    @Override
    public void broadcast(Tensor tensor, int root) {
        checkRoot(root);
        long n = tensor.numel();
        if (tensor.storage().block().hostAccessible()) {
            MemorySegment seg = tensor.segment();
            call("MPI_Bcast", () -> {
                Mpi.broadcast(seg, n, Float.BYTES, Mpi.FLOAT, root);
                return null;
            });
            return;
        }
        float[] host = tensor.toFloatArray();
        call("MPI_Bcast", () -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment seg = a.allocateFrom(ValueLayout.JAVA_FLOAT, host);
                Mpi.broadcast(seg, n, Float.BYTES, Mpi.FLOAT, root);
                MemorySegment.copy(seg, ValueLayout.JAVA_FLOAT, 0, host, 0, host.length);
            }
            return null;
        });
        tensor.write(host, 0);
    }

    @Override
    public void broadcast(byte[] bytes, int root) {
        checkRoot(root);
        call("MPI_Bcast", () -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment seg = a.allocate(Math.max(1, bytes.length));
                MemorySegment.copy(bytes, 0, seg, ValueLayout.JAVA_BYTE, 0, bytes.length);
                Mpi.broadcast(seg, bytes.length, 1, Mpi.BYTE, root);
                MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, 0, bytes, 0, bytes.length);
            }
            return null;
        });
    }

    private void checkRoot(int root) {
        if (root < 0 || root >= size) throw new IllegalArgumentException("mpi: root " + root + " is outside [0, " + size + ")");
    }

    @Override
    public void barrier() {
        call("MPI_Barrier", () -> {
            Mpi.barrier();
            return null;
        });
    }

    @Override
    public void abort(String reason) {
        // Tell the peers through the star; Open MPI's own MPI_Abort would print a banner and kill this
        // process before it could say why. mpirun ends the rest when this process exits unfinalised.
        if (watch != null) watch.abort(reason);
        closed = true;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (watch != null) watch.close();
        try {
            call(comm, timeout, "MPI_Finalize", () -> {
                Mpi.finish();
                return null;
            });
        } finally {
            comm.shutdown();
        }
    }
}
