package dev.jnn.distributed;

import dev.jnn.core.MemoryScope;
import dev.jnn.core.NoGrad;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Averages the parameters' gradients over the ranks of a {@link ProcessGroup} while the backward pass
 * is still running, as PyTorch's {@code DistributedDataParallel} does.
 *
 * <p><b>Buckets.</b> The parameters are packed, in reverse order (the order their gradients become
 * final in a backward pass: the last layer's first), into flat buckets of at most
 * {@link Builder#bucketCapBytes} (25 MiB, DDP's {@code bucket_cap_mb}; the first bucket 1 MiB, so that
 * communication starts early). Each parameter's {@code .grad} is made a view into its bucket
 * (DDP's {@code gradient_as_bucket_view}), so autograd accumulates straight into the buckets and
 * nothing is copied in or out. A {@linkplain Tensor#registerPostAccumulateGradHook hook} on each
 * parameter counts down its bucket; a bucket whose gradients are all final is divided by the world
 * size and handed to {@link ProcessGroup#allReduce} at once, in bucket order (so that every rank
 * starts the same collectives in the same order), and the all-reduce runs while autograd goes on
 * with earlier layers. {@link #awaitGradients()} after the pass waits for the last buckets.
 *
 * <p>Large buckets mean few collectives with little per-call latency but a late start (the first
 * all-reduce waits for 25 MiB of gradients); small buckets start early and overlap more but pay the
 * latency more often. Models in this project fit in one or two buckets.
 *
 * <p>Buffers (batch-norm statistics) are not averaged: each rank normalises with its own batch and
 * keeps its own running statistics (DDP's default without SyncBatchNorm); rank 0's are the ones saved.
 *
 * <p>Not thread-safe: the hooks run on the thread that calls {@code backward()}, which also calls
 * {@link #awaitGradients()}.
 */
public final class DistributedDataParallel implements AutoCloseable {
    /** DDP's default bucket size, {@code bucket_cap_mb=25}. */
    public static final long DEFAULT_BUCKET_CAP_BYTES = 25L << 20;
    /** DDP's first bucket ({@code torch.distributed._DEFAULT_FIRST_BUCKET_BYTES}): 1 MiB. */
    public static final long DEFAULT_FIRST_BUCKET_BYTES = 1L << 20;
    /**
     * Each gradient starts at a multiple of 16 floats (64 bytes) of its bucket, so that a kernel writing
     * it finds the alignment it would find in a tensor of its own (cuBLAS picks its kernels by pointer
     * alignment); the gaps stay zero and cost at most 15 floats per parameter of all-reduce.
     */
    static final int ALIGN_FLOATS = 16;

    private final ProcessGroup group;
    private final String[] names;
    private final Tensor[] params;
    private final Tensor[] views;
    private final int[] bucketOf;
    private final Bucket[] buckets;
    private final boolean[] ready;
    private final Runnable[] removeHooks;
    private int nextLaunch;
    private long steps;
    private double collectiveSeconds;
    private double waitSeconds;

    /** One flat buffer of gradients and its collective in flight. */
    private static final class Bucket {
        final Tensor flat;
        final int[] members;
        int pending;
        Work work;

        Bucket(Tensor flat, int[] members) {
            this.flat = flat;
            this.members = members;
            this.pending = members.length;
        }
    }

    /**
     * Counters since the start: optimizer steps (calls of {@link #awaitGradients()}), buckets per
     * step, gradient bytes all-reduced per step, seconds inside the collectives (as the provider
     * measures them; NaN when it cannot), and seconds {@code awaitGradients()} waited (the part of
     * the communication the backward pass did not hide).
     */
    public record Stats(long steps, int buckets, long bytesPerStep, double collectiveSeconds, double waitSeconds) {
        /** One line for logs: per-step averages in milliseconds. */
        @Override
        public String toString() {
            double n = Math.max(1, steps);
            return String.format(Locale.ROOT, "%d bucket%s, %.2f MB per step, all-reduce %.2f ms per step (%.2f ms of it not"
                    + " overlapped with the backward pass), %d steps", buckets, buckets == 1 ? "" : "s", bytesPerStep / 1e6,
                    1e3 * collectiveSeconds / n, 1e3 * waitSeconds / n, steps);
        }
    }

    private DistributedDataParallel(Builder b) {
        this.group = b.group;
        int n = b.parameters.size();
        this.names = b.parameters.keySet().toArray(String[]::new);
        this.params = b.parameters.values().toArray(Tensor[]::new);
        this.views = new Tensor[n];
        this.bucketOf = new int[n];
        this.ready = new boolean[n];
        this.removeHooks = new Runnable[n];
        if (n == 0) throw new IllegalArgumentException("DistributedDataParallel: the model has no parameters");
        Backend backend = params[0].backend();
        for (int i = 0; i < n; i++) {
            if (!params[i].isLeaf() || !params[i].requiresGrad()) {
                throw new IllegalArgumentException("DistributedDataParallel: parameter " + names[i] + " is not a leaf that requires grad");
            }
            if (params[i].backend() != backend) {
                throw new IllegalArgumentException("DistributedDataParallel: parameter " + names[i] + " is on " + params[i].backend().name()
                        + ", " + names[0] + " on " + backend.name() + ": all parameters must share one backend");
            }
        }
        checkSameModelOnEveryRank();
        this.buckets = assignBuckets(backend, b.bucketCapBytes, b.firstBucketBytes);
        for (int i = 0; i < n; i++) {
            int index = i;
            removeHooks[i] = params[i].registerPostAccumulateGradHook(t -> gradientReady(index));
        }
    }

    /** A builder over {@code parameters} (by name, in the model's order), averaging over {@code group}. */
    public static Builder builder(ProcessGroup group, Map<String, Tensor> parameters) {
        return new Builder(group, parameters);
    }

    /** DDP refuses to start when the ranks' models differ; so does this (names, shapes, order). */
    private void checkSameModelOnEveryRank() {
        long h = 0xcbf29ce484222325L;
        long numel = 0;
        for (int i = 0; i < params.length; i++) {
            for (char c : (names[i] + params[i].shape()).toCharArray()) {
                h = (h ^ c) * 0x100000001b3L;
            }
            numel += params[i].numel();
        }
        double[] mine = {params.length, numel, h & ((1L << 52) - 1)};   // exact in a double
        double[] lo = mine.clone();
        double[] hi = mine.clone();
        group.allReduce(lo, ReduceOp.MIN);
        group.allReduce(hi, ReduceOp.MAX);
        if (!java.util.Arrays.equals(lo, hi)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "DistributedDataParallel: the ranks have different models "
                    + "(rank %d: %d parameters, %d values); every rank must build the same model", group.rank(), params.length, numel));
        }
    }

    /** Packs the parameters, last first, into buckets and makes each one's grad a view into its bucket. */
    private Bucket[] assignBuckets(Backend backend, long capBytes, long firstBytes) {
        List<Bucket> out = new ArrayList<>();
        List<Integer> members = new ArrayList<>();
        long bytes = 0;
        for (int i = params.length - 1; i >= 0; i--) {
            long cap = out.isEmpty() ? Math.min(firstBytes, capBytes) : capBytes;
            long pb = params[i].numel() * Float.BYTES;
            if (!members.isEmpty() && bytes + pb > cap) {
                out.add(bucket(backend, members, out.size()));
                members.clear();
                bytes = 0;
            }
            members.add(i);
            bytes += pb;
        }
        out.add(bucket(backend, members, out.size()));
        return out.toArray(Bucket[]::new);
    }

    private static long aligned(long floats) {
        return (floats + ALIGN_FLOATS - 1) / ALIGN_FLOATS * ALIGN_FLOATS;
    }

    private Bucket bucket(Backend backend, List<Integer> members, int index) {
        long total = 0;
        for (int i : members) total += aligned(params[i].numel());
        long size = total;
        Tensor flat = MemoryScope.persistent(() -> Tensor.zeros(backend, Shape.of(Math.toIntExact(size))));
        int offset = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i : members) {
                int[] dims = params[i].shape().dims();
                Tensor view = flat.narrow(0, offset, Math.toIntExact(params[i].numel())).reshape(dims);
                if (params[i].grad() != null) view.copyFrom(params[i].grad());
                params[i].setGrad(view);
                views[i] = view;
                bucketOf[i] = index;
                offset += Math.toIntExact(aligned(params[i].numel()));
            }
        }
        return new Bucket(flat, members.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The hook: parameter {@code i}'s gradient is final for this pass. */
    private void gradientReady(int i) {
        if (ready[i]) {
            throw new IllegalStateException("DistributedDataParallel: the gradient of " + names[i] + " became final twice before "
                    + "awaitGradients(); call awaitGradients() after every backward pass");
        }
        adopt(i);
        ready[i] = true;
        if (--buckets[bucketOf[i]].pending == 0) launchReadyBuckets();
    }

    /** Makes sure parameter {@code i}'s gradient is in its bucket view (an optimizer may have set a fresh tensor or null). */
    private void adopt(int i) {
        Tensor g = params[i].grad();
        if (g == views[i]) return;
        try (NoGrad ignored = NoGrad.enter()) {
            if (g == null) {
                views[i].fill(0f);
            } else {
                views[i].copyFrom(g);
            }
        }
        params[i].setGrad(views[i]);
    }

    /** Starts the all-reduce of every complete bucket in bucket order, stopping at the first incomplete one. */
    private void launchReadyBuckets() {
        while (nextLaunch < buckets.length && buckets[nextLaunch].pending == 0) {
            Bucket b = buckets[nextLaunch++];
            if (group.size() > 1) {
                try (NoGrad ignored = NoGrad.enter()) {
                    // Divide first, as DDP's default hook: the sum of the shares is then the mean, and for
                    // a power-of-two world size the division is exact.
                    b.flat.mulInPlace(1f / group.size());
                }
            }
            b.work = group.allReduce(b.flat, ReduceOp.SUM);
        }
    }

    /**
     * Waits until every parameter's {@code .grad} is the average over the ranks, starting the
     * all-reduce of buckets whose parameters took no part in the pass (their current gradient, zero
     * after {@code zeroGrad}, joins the average). Call it after every backward pass, before the
     * gradients are read (clipping, the optimizer's step).
     *
     * @throws CollectiveException if a collective failed or a peer is gone
     */
    public void awaitGradients() {
        for (int i = 0; i < params.length; i++) {
            if (!ready[i]) {
                adopt(i);
                ready[i] = true;
                buckets[bucketOf[i]].pending--;
            }
        }
        launchReadyBuckets();
        long t0 = System.nanoTime();
        for (Bucket b : buckets) {
            b.work.await();
            collectiveSeconds += b.work.seconds();
        }
        waitSeconds += (System.nanoTime() - t0) / 1e9;
        for (Bucket b : buckets) {
            b.work = null;
            b.pending = b.members.length;
        }
        java.util.Arrays.fill(ready, false);
        nextLaunch = 0;
        steps++;
    }

    /**
     * Copies rank 0's values of {@code state} (parameters and buffers, by name) to every rank, as DDP
     * does when it wraps a model, so that all ranks start from the same weights. Collective.
     */
    public void broadcastFromRank0(Map<String, Tensor> state) {
        try (NoGrad ignored = NoGrad.enter()) {
            for (Tensor t : state.values()) group.broadcast(t, 0);
        }
    }

    /** The group this averages over. */
    public ProcessGroup group() {
        return group;
    }

    /** The number of buckets. */
    public int bucketCount() {
        return buckets.length;
    }

    /** The parameter names in bucket {@code b}, in the order they sit in it. */
    public List<String> bucketMembers(int b) {
        List<String> out = new ArrayList<>();
        for (int i : buckets[b].members) out.add(names[i]);
        return out;
    }

    /** Counters since the start. */
    public Stats stats() {
        long bytes = 0;
        for (Tensor p : params) bytes += p.numel() * Float.BYTES;
        return new Stats(steps, buckets.length, bytes, collectiveSeconds, waitSeconds);
    }

    /** Removes the hooks; the gradients stay views into the buckets. Does not close the group. */
    @Override
    public void close() {
        for (Runnable r : removeHooks) if (r != null) r.run();
    }

    /** Settings of a {@link DistributedDataParallel}. */
    public static final class Builder {
        private final ProcessGroup group;
        private final Map<String, Tensor> parameters;
        private long bucketCapBytes = DEFAULT_BUCKET_CAP_BYTES;
        private long firstBucketBytes = DEFAULT_FIRST_BUCKET_BYTES;

        private Builder(ProcessGroup group, Map<String, Tensor> parameters) {
            this.group = Objects.requireNonNull(group, "group");
            this.parameters = new java.util.LinkedHashMap<>(Objects.requireNonNull(parameters, "parameters"));
        }

        /** The most gradient bytes per bucket (DDP's {@code bucket_cap_mb}, 25 MiB); a larger parameter gets a bucket of its own. */
        public Builder bucketCapBytes(long bytes) {
            if (bytes < 1) throw new IllegalArgumentException("bucket cap must be at least 1 byte, got " + bytes);
            this.bucketCapBytes = bytes;
            return this;
        }

        /** The most bytes of the first bucket (1 MiB), which starts communicating as early as possible. */
        public Builder firstBucketBytes(long bytes) {
            if (bytes < 1) throw new IllegalArgumentException("first bucket cap must be at least 1 byte, got " + bytes);
            this.firstBucketBytes = bytes;
            return this;
        }

        /**
         * Packs the buckets and installs the hooks. Collective: every rank checks that all have the
         * same model (parameter names, shapes and order).
         *
         * @throws IllegalStateException when the ranks' models differ
         */
        public DistributedDataParallel build() {
            return new DistributedDataParallel(this);
        }
    }
}
