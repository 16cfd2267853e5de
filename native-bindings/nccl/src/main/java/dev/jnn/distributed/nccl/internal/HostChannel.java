package dev.jnn.distributed.nccl.internal;

import dev.jnn.distributed.CollectiveException;
import dev.jnn.distributed.ProcessGroup;
import dev.jnn.distributed.ReduceOp;
import dev.jnn.distributed.spi.Rendezvous;

/**
 * What the NCCL group does on the host, beside NCCL: hands out the unique id, reduces small host
 * arrays (the trainer's stop flag and epoch totals, with no GPU round trip), and watches the peers.
 * Either the TCP {@link Rendezvous} (torchrun-style MASTER_ADDR and MASTER_PORT) or an MPI group
 * (a job started by mpirun).
 */
interface HostChannel extends AutoCloseable {
    /** Rank 0's bytes into every rank's array. */
    void broadcast(byte[] bytes);

    /** Combines host values over every rank, in place. */
    void allReduce(double[] values, ReduceOp op);

    /** Waits for every rank. */
    void barrier();

    /** Tells the peers this rank stops, and why. */
    void abort(String reason);

    /** The loss that ended the job, or null. */
    CollectiveException fault();

    @Override
    void close();

    /** Over the TCP star. */
    static HostChannel of(Rendezvous r) {
        return new HostChannel() {
            @Override
            public void broadcast(byte[] bytes) {
                r.broadcast(bytes);
            }

            @Override
            public void allReduce(double[] values, ReduceOp op) {
                r.allReduce(values, op);
            }

            @Override
            public void barrier() {
                r.barrier();
            }

            @Override
            public void abort(String reason) {
                r.abort(reason);
            }

            @Override
            public CollectiveException fault() {
                return r.fault();
            }

            @Override
            public void close() {
                r.close();
            }
        };
    }

    /** Over an MPI group (which keeps its own watchdog). */
    static HostChannel of(ProcessGroup mpi) {
        return new HostChannel() {
            @Override
            public void broadcast(byte[] bytes) {
                mpi.broadcast(bytes, 0);
            }

            @Override
            public void allReduce(double[] values, ReduceOp op) {
                mpi.allReduce(values, op);
            }

            @Override
            public void barrier() {
                mpi.barrier();
            }

            @Override
            public void abort(String reason) {
                mpi.abort(reason);
            }

            @Override
            public CollectiveException fault() {
                return null;
            }

            @Override
            public void close() {
                mpi.close();
            }
        };
    }

    /** A single process: nothing to tell anyone. */
    static HostChannel alone() {
        return new HostChannel() {
            @Override
            public void broadcast(byte[] bytes) {
            }

            @Override
            public void allReduce(double[] values, ReduceOp op) {
            }

            @Override
            public void barrier() {
            }

            @Override
            public void abort(String reason) {
            }

            @Override
            public CollectiveException fault() {
                return null;
            }

            @Override
            public void close() {
            }
        };
    }
}
