package dev.jnn.distributed;

import dev.jnn.core.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A job of {@code size} ranks in one JVM, one thread each, whose groups exchange host memory through
 * shared slots: the stand-in for MPI in DistributedDataParallel's tests. Tensor all-reduces run on a
 * communication thread per rank, as the MPI provider's do, so they overlap the backward pass; sums
 * are taken in rank order. Every call is logged ("rank 1 allReduce 3 floats") for order checks.
 */
final class ThreadWorld {
    final int size;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final CyclicBarrier barrier;
    private final double[][] slots;

    ThreadWorld(int size) {
        this.size = size;
        this.barrier = new CyclicBarrier(size);
        this.slots = new double[size][];
    }

    ProcessGroup group(int rank) {
        return new Group(rank);
    }

    /** Every rank deposits its values, the sums are taken in rank order, every rank gets them. */
    private void exchange(int rank, double[] values, ReduceOp op) {
        try {
            slots[rank] = values.clone();
            barrier.await(30, TimeUnit.SECONDS);
            double[] acc = slots[0].clone();
            for (int r = 1; r < size; r++) for (int i = 0; i < acc.length; i++) acc[i] = op.apply(acc[i], slots[r][i]);
            barrier.await(30, TimeUnit.SECONDS);
            System.arraycopy(acc, 0, values, 0, values.length);
        } catch (InterruptedException | BrokenBarrierException | java.util.concurrent.TimeoutException e) {
            throw new CollectiveException("thread world: rank " + rank + " waited in vain: " + e, e);
        }
    }

    private final class Group implements ProcessGroup {
        final int rank;
        final ExecutorService comm;

        Group(int rank) {
            this.rank = rank;
            this.comm = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("comm-" + rank).unstarted(r));
        }

        @Override
        public String name() {
            return "threads";
        }

        @Override
        public String description() {
            return size + " threads";
        }

        @Override
        public int rank() {
            return rank;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Work allReduce(Tensor tensor, ReduceOp op) {
            log.add("rank " + rank + " allReduce " + tensor.numel() + " floats");
            MemorySegment seg = tensor.segment();
            int n = Math.toIntExact(tensor.numel());
            Future<?> f = comm.submit(() -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) v[i] = seg.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                exchange(rank, v, op);
                for (int i = 0; i < n; i++) seg.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) v[i]);
            });
            return () -> {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new CollectiveException("thread world all-reduce failed: " + e, e);
                }
            };
        }

        @Override
        public void allReduce(double[] values, ReduceOp op) {
            exchange(rank, values, op);
        }

        @Override
        public void broadcast(Tensor tensor, int root) {
            float[] v = tensor.toFloatArray();
            double[] d = new double[v.length];
            if (rank == root) for (int i = 0; i < v.length; i++) d[i] = v[i];
            exchange(rank, d, ReduceOp.SUM);   // only root's values are non-zero
            for (int i = 0; i < v.length; i++) v[i] = (float) d[i];
            tensor.write(v, 0);
        }

        @Override
        public void broadcast(byte[] bytes, int root) {
            double[] d = new double[bytes.length];
            if (rank == root) for (int i = 0; i < bytes.length; i++) d[i] = bytes[i];
            exchange(rank, d, ReduceOp.SUM);
            for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) d[i];
        }

        @Override
        public void barrier() {
            exchange(rank, new double[0], ReduceOp.SUM);
        }

        @Override
        public void abort(String reason) {
            barrier.reset();
        }

        @Override
        public void close() {
            comm.shutdownNow();
        }
    }
}
