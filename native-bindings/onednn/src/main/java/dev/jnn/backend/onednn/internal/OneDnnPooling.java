package dev.jnn.backend.onednn.internal;

import java.lang.foreign.MemorySegment;

/**
 * 2-d max and average pooling over plain NCHW float32 buffers, PyTorch's floor mode. Max pooling
 * ignores padding; average pooling counts it in the divisor ({@code count_include_pad=True}).
 *
 * <p>Max pooling for training writes a workspace (the positions of the maxima, in oneDNN's own
 * encoding) that its backward pass reads: the caller keeps it between the two calls, sized by
 * {@link #workspaceBytes}. Pooling keeps the plain layout: oneDNN pools {@code nchw} directly.
 */
final class OneDnnPooling implements AutoCloseable {
    /** Pooling shape over x [n, c, h, w]. */
    record Geometry(int n, int c, int h, int w, int kh, int kw, int strideH, int strideW, int padH, int padW) {
        Geometry {
            if (kh < 1 || kw < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0 || padH >= kh || padW >= kw) {
                throw new IllegalArgumentException("pool2d: invalid window " + kh + "x" + kw + ", stride " + strideH + "x"
                        + strideW + " or padding " + padH + "x" + padW + " (padding must be below the window)");
            }
            // Fields are assigned after a compact constructor, so the output size is computed from the parameters.
            if (h + 2 * padH < kh || w + 2 * padW < kw) {
                throw new IllegalArgumentException("pool2d: window " + kh + "x" + kw + " does not fit input " + h + "x" + w);
            }
        }

        int oh() {
            return (h + 2 * padH - kh) / strideH + 1;
        }

        int ow() {
            return (w + 2 * padW - kw) / strideW + 1;
        }

        long[] src() {
            return new long[] {n, c, h, w};
        }

        long[] dst() {
            return new long[] {n, c, oh(), ow()};
        }
    }

    /** Which pooling. */
    enum Kind {
        MAX(PrimitiveDescCalls.POOLING_MAX), AVG_INCLUDE_PADDING(PrimitiveDescCalls.POOLING_AVG_INCLUDE_PADDING);

        final int alg;

        Kind(int alg) {
            this.alg = alg;
        }
    }

    private record Key(Geometry g, Kind kind, boolean training) {
    }

    private final OneDnnEngine engine;
    private final PlanCache<Key> forward = new PlanCache<>(32);
    private final PlanCache<Key> backward = new PlanCache<>(32);

    OneDnnPooling(OneDnnEngine engine) {
        this.engine = engine;
    }

    /** The workspace bytes max pooling for training writes and its backward pass reads. */
    long workspaceBytes(Geometry g) {
        return forward.get(new Key(g, Kind.MAX, true), this::buildForward).workspaceBytes();
    }

    /**
     * {@code y = pool(x)}. For {@link Kind#MAX}, a non-null {@code workspace} (at least
     * {@link #workspaceBytes} bytes) selects the training variant that records the maxima.
     */
    void forward(Geometry g, Kind kind, MemorySegment x, MemorySegment y, MemorySegment workspace) {
        boolean training = kind == Kind.MAX && workspace != null;
        Plan p = forward.get(new Key(g, kind, training), this::buildForward);
        if (training) {
            if (workspace.byteSize() < p.workspaceBytes()) {
                throw new IllegalArgumentException("maxPool2d: workspace of " + workspace.byteSize() + " bytes, need "
                        + p.workspaceBytes());
            }
            p.run(engine, x, y, workspace);
        } else {
            p.run(engine, x, y);
        }
    }

    /** {@code gx} from {@code gy}; max pooling needs the forward pass's {@code workspace}. */
    void backward(Geometry g, Kind kind, MemorySegment gy, MemorySegment workspace, MemorySegment gx) {
        Plan p = backward.get(new Key(g, kind, true), this::buildBackward);
        if (kind == Kind.MAX) p.run(engine, gy, workspace, gx);
        else p.run(engine, gy, gx);
    }

    private static MemorySegment forwardPd(Plan.Builder b, Key k, MemorySegment srcMd, MemorySegment dstMd) {
        NativeResources r = b.resources();
        Geometry g = k.g();
        int prop = k.training() ? PrimitiveDescCalls.FORWARD_TRAINING : PrimitiveDescCalls.FORWARD_INFERENCE;
        // Floor mode: the padding the last window reaches on the right/bottom, at most padH/padW.
        long padRH = Math.max(0, (long) (g.oh() - 1) * g.strideH() + g.kh() - g.h() - g.padH());
        long padRW = Math.max(0, (long) (g.ow() - 1) * g.strideW() + g.kw() - g.w() - g.padW());
        return b.own(PrimitiveDescCalls.poolingForward(b.engine(), prop, k.kind().alg, srcMd, dstMd,
                r.dims(g.strideH(), g.strideW()), r.dims(g.kh(), g.kw()), r.dims(0, 0), r.dims(g.padH(), g.padW()),
                r.dims(padRH, padRW), k));
    }

    private Plan buildForward(Key k) {
        return PlanCache.build(engine, b -> {
            NativeResources r = b.resources();
            MemorySegment srcMd = r.plainMd(k.g().src());
            MemorySegment dstMd = r.plainMd(k.g().dst());
            MemorySegment pd = forwardPd(b, k, srcMd, dstMd);
            MemorySegment src = b.slot(srcMd);
            MemorySegment dst = b.slot(dstMd);
            if (k.training()) {
                MemorySegment wsMd = PrimitiveCalls.queryMd(pd, PrimitiveCalls.QUERY_WORKSPACE_MD);
                b.workspaceBytes(MemoryCalls.descSize(wsMd));
                MemorySegment ws = b.slot(wsMd);
                b.execute(pd, "max pooling forward", new int[] {Args.SRC, Args.DST, Args.WORKSPACE},
                        new MemorySegment[] {src, dst, ws});
            } else {
                b.execute(pd, "pooling forward", new int[] {Args.SRC, Args.DST}, new MemorySegment[] {src, dst});
            }
            return b.build();
        });
    }

    private Plan buildBackward(Key k) {
        return PlanCache.build(engine, b -> {
            NativeResources r = b.resources();
            Geometry g = k.g();
            MemorySegment srcMd = r.plainMd(g.src());
            MemorySegment dstMd = r.plainMd(g.dst());
            MemorySegment hint = forwardPd(b, k, srcMd, dstMd);
            long padRH = Math.max(0, (long) (g.oh() - 1) * g.strideH() + g.kh() - g.h() - g.padH());
            long padRW = Math.max(0, (long) (g.ow() - 1) * g.strideW() + g.kw() - g.w() - g.padW());
            MemorySegment pd = b.own(PrimitiveDescCalls.poolingBackward(b.engine(), k.kind().alg, srcMd, dstMd,
                    r.dims(g.strideH(), g.strideW()), r.dims(g.kh(), g.kw()), r.dims(0, 0), r.dims(g.padH(), g.padW()),
                    r.dims(padRH, padRW), hint, k));
            MemorySegment diffDst = b.slot(dstMd);
            if (k.kind() == Kind.MAX) {
                MemorySegment ws = b.slot(PrimitiveCalls.queryMd(pd, PrimitiveCalls.QUERY_WORKSPACE_MD));
                MemorySegment diffSrc = b.slot(srcMd);
                b.execute(pd, "max pooling backward", new int[] {Args.DIFF_DST, Args.WORKSPACE, Args.DIFF_SRC},
                        new MemorySegment[] {diffDst, ws, diffSrc});
            } else {
                MemorySegment diffSrc = b.slot(srcMd);
                b.execute(pd, "avg pooling backward", new int[] {Args.DIFF_DST, Args.DIFF_SRC},
                        new MemorySegment[] {diffDst, diffSrc});
            }
            return b.build();
        });
    }

    void clear() {
        forward.clear();
        backward.clear();
    }

    @Override
    public void close() {
        clear();
    }
}
