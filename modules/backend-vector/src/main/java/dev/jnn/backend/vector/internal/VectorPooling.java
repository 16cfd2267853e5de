package dev.jnn.backend.vector.internal;

import static dev.jnn.backend.vector.internal.ViewMemory.off;
import static dev.jnn.backend.vector.internal.ViewMemory.seg;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.rowGrain;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;

import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.backend.vector.internal.kernels.Pool2d;
import dev.jnn.backend.vector.internal.kernels.Pool2dGeometry;
import dev.jnn.core.spi.TensorView;
import dev.jnn.core.spi.Pool2dSpec;
import java.lang.foreign.MemorySegment;

/**
 * Max and average pooling over NCHW. The workspace holds, per output, the flat index within its
 * input plane of the chosen element as int bits (the reference's format), picked as the
 * reference does: the first maximum in window order, a NaN beating everything before it.
 * Forward 2x2 stride-2 max pooling is vectorised ({@link VectorMaxPool2x2}); other windows use
 * the kernels package's {@link Pool2d}, which pools each plane in a per-thread array, or, with no
 * workspace (inference), the loop here. Planes are independent, so results do not depend on the
 * thread count.
 */
final class VectorPooling {
    private VectorPooling() {
    }

    private static Pool2dGeometry geometry(Pool2dSpec s, TensorView x) {
        return new Pool2dGeometry(x.size(0), x.size(1), x.size(2), x.size(3), s.kernelH(), s.kernelW(), s.strideH(),
                s.strideW(), s.padH(), s.padW());
    }

    static void maxForward(Pool2dSpec s, TensorView x, TensorView y, TensorView ws, Parallel par) {
        if (isTwoByTwo(s)) {
            int w = x.size(3), oh = y.size(2), ow = y.size(3);
            long in = (long) x.size(2) * w;
            MemorySegment xs = seg(x), ys = seg(y), wss = ws == null ? null : seg(ws);
            long xo = off(x), yo = off(y), wo = ws == null ? 0 : off(ws);
            par.forRange((long) x.size(0) * x.size(1), rowGrain(in), (from, to) -> {
                for (long pl = from; pl < to; pl++) {
                    long o = pl * oh * ow;
                    VectorMaxPool2x2.plane(xs, xo + pl * in, w, oh, ow, ys, yo + o, wss, wo + o);
                }
            });
            return;
        }
        if (ws != null) {
            Pool2d.maxForward(geometry(s, x), seg(x), off(x), seg(y), off(y), seg(ws), off(ws), par);
            return;
        }
        int h = x.size(2), w = x.size(3), oh = y.size(2), ow = y.size(3);
        long planes = (long) x.size(0) * x.size(1);
        MemorySegment xs = seg(x), ys = seg(y);
        long xo = off(x), yo = off(y);
        par.forRange(planes, rowGrain((long) h * w), (from, to) -> {
            for (long pl = from; pl < to; pl++) {
                long xp = xo + pl * h * w;
                long op = pl * oh * ow;
                maxPlane(s, xs, xp, h, w, oh, ow, ys, yo + op);
            }
        });
    }

    private static void maxPlane(Pool2dSpec s, MemorySegment xs, long xp, int h, int w, int oh, int ow, MemorySegment ys,
                                 long yp) {
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                float best = Float.NEGATIVE_INFINITY;
                boolean any = false;
                for (int p = 0; p < s.kernelH(); p++) {
                    int r = i * s.strideH() - s.padH() + p;
                    if (r < 0 || r >= h) continue;
                    for (int q = 0; q < s.kernelW(); q++) {
                        int c = j * s.strideW() - s.padW() + q;
                        if (c < 0 || c >= w) continue;
                        float v = get(xs, xp + (long) r * w + c);
                        if (v > best || !any || Float.isNaN(v)) {
                            best = v;
                            any = true;
                        }
                    }
                }
                long o = (long) i * ow + j;
                set(ys, yp + o, best);
            }
        }
    }

    private static boolean isTwoByTwo(Pool2dSpec s) {
        return s.kernelH() == 2 && s.kernelW() == 2 && s.strideH() == 2 && s.strideW() == 2 && s.padH() == 0 && s.padW() == 0;
    }

    static void maxBackward(Pool2dSpec s, TensorView x, TensorView gy, TensorView ws, TensorView gx, Parallel par) {
        Pool2d.maxBackward(geometry(s, x), seg(gy), off(gy), seg(ws), off(ws), seg(gx), off(gx), par);
    }

    static void avgForward(Pool2dSpec s, TensorView x, TensorView y, Parallel par) {
        Pool2d.avgForward(geometry(s, x), true, seg(x), off(x), seg(y), off(y), par);
    }

    static void avgBackward(Pool2dSpec s, TensorView gy, TensorView gx, Parallel par) {
        Pool2d.avgBackward(geometry(s, gx), true, seg(gy), off(gy), seg(gx), off(gx), par);
    }
}
