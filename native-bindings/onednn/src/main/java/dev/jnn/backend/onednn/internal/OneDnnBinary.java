package dev.jnn.backend.onednn.internal;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * Element-wise binary functions and reductions over plain row-major float32 buffers.
 *
 * <p>Binary: {@code dst = op(src0, src1)} where src0 has dst's shape and src1 broadcasts to it
 * (each of its dimensions equal to dst's or 1, same rank); comparisons give 1 or 0. Reduction:
 * {@code dst} has src's rank with each dimension equal to src's or 1 (reduced), so one primitive
 * sums a broadcast gradient back to its shape.
 */
final class OneDnnBinary implements AutoCloseable {
    /** The most dimensions the plain layouts cover. */
    static final int MAX_RANK = 6;

    private record Key(int alg, List<Long> src0, List<Long> src1) {
    }

    private final OneDnnEngine engine;
    private final PlanCache<Key> binary = new PlanCache<>(64);
    private final PlanCache<Key> reduction = new PlanCache<>(64);

    OneDnnBinary(OneDnnEngine engine) {
        this.engine = engine;
    }

    private static List<Long> list(long[] dims) {
        return Arrays.stream(dims).boxed().toList();
    }

    private static long[] array(List<Long> dims) {
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** {@code dst = alg(src0, src1)}; {@code dims1} broadcasts to {@code dims0}, which dst has. */
    void binary(int alg, long[] dims0, MemorySegment src0, long[] dims1, MemorySegment src1, MemorySegment dst) {
        if (Arrays.stream(dims0).anyMatch(d -> d == 0)) return;
        binary.get(new Key(alg, list(dims0), list(dims1)), this::buildBinary).run(engine, src0, src1, dst);
    }

    /** {@code dst = alg over the dimensions where dstDims is 1 and srcDims is not}. */
    void reduce(int alg, long[] srcDims, MemorySegment src, long[] dstDims, MemorySegment dst) {
        reduction.get(new Key(alg, list(srcDims), list(dstDims)), this::buildReduction).run(engine, src, dst);
    }

    private Plan buildBinary(Key k) {
        return PlanCache.build(engine, b -> {
            NativeResources r = b.resources();
            MemorySegment md0 = r.plainMd(array(k.src0()));
            MemorySegment md1 = r.plainMd(array(k.src1()));
            MemorySegment pd = b.own(PrimitiveDescCalls.binary(b.engine(), k.alg(), md0, md1, md0, k));
            MemorySegment s0 = b.slot(md0);
            MemorySegment s1 = b.slot(md1);
            MemorySegment d = b.slot(md0);
            b.execute(pd, "binary", new int[] {Args.SRC, Args.SRC_1, Args.DST}, new MemorySegment[] {s0, s1, d});
            return b.build();
        });
    }

    private Plan buildReduction(Key k) {
        return PlanCache.build(engine, b -> {
            NativeResources r = b.resources();
            MemorySegment src = r.plainMd(array(k.src0()));
            MemorySegment dstMd = r.plainMd(array(k.src1()));
            MemorySegment pd = b.own(PrimitiveDescCalls.reduction(b.engine(), k.alg(), src, dstMd, k));
            MemorySegment s = b.slot(src);
            MemorySegment d = b.slot(dstMd);
            b.execute(pd, "reduction", new int[] {Args.SRC, Args.DST}, new MemorySegment[] {s, d});
            return b.build();
        });
    }

    void clear() {
        binary.clear();
        reduction.clear();
    }

    @Override
    public void close() {
        clear();
    }
}
