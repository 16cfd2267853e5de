package dev.jnn.backend.vector.internal;

import static dev.jnn.backend.vector.internal.Lanes.get;
import static dev.jnn.backend.vector.internal.Lanes.off;
import static dev.jnn.backend.vector.internal.Lanes.rowGrain;
import static dev.jnn.backend.vector.internal.Lanes.seg;
import static dev.jnn.backend.vector.internal.Lanes.set;

import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Pool2dSpec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Max and average pooling over NCHW, in parallel over the N*C planes (each plane's outputs are
 * written by one thread, so results do not depend on the thread count). Max pooling records, per
 * output, the flat index within its input plane of the chosen element (as int bits in the float
 * workspace, like the reference), and picks as the reference does: the first maximum in window
 * order, a NaN beating everything before it. A 2x2 window with stride 2 and no padding, the
 * CNNs' pooling, has its own loop.
 */
final class VectorPooling {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;

    private VectorPooling() {
    }

    static void maxForward(Pool2dSpec s, Tensor x, Tensor y, Tensor ws, Parallel par) {
        int h = x.size(2), w = x.size(3), oh = y.size(2), ow = y.size(3);
        long planes = (long) x.size(0) * x.size(1);
        MemorySegment xs = seg(x), ys = seg(y);
        MemorySegment wss = ws == null ? null : seg(ws);
        long xo = off(x), yo = off(y), wo = ws == null ? 0 : off(ws);
        boolean twoByTwo = s.kernelH() == 2 && s.kernelW() == 2 && s.strideH() == 2 && s.strideW() == 2
                && s.padH() == 0 && s.padW() == 0;
        par.forRange(planes, rowGrain((long) h * w), (from, to) -> {
            for (long pl = from; pl < to; pl++) {
                long xp = xo + pl * h * w;
                long op = pl * oh * ow;
                if (twoByTwo) {
                    maxPlane2x2(xs, xp, w, oh, ow, ys, yo + op, wss, wo + op);
                } else {
                    maxPlane(s, xs, xp, h, w, oh, ow, ys, yo + op, wss, wo + op);
                }
            }
        });
    }

    private static void maxPlane2x2(MemorySegment xs, long xp, int w, int oh, int ow, MemorySegment ys, long yp,
                                    MemorySegment ws, long wp) {
        for (int i = 0; i < oh; i++) {
            long top = xp + 2L * i * w;
            for (int j = 0; j < ow; j++) {
                long at = top + 2L * j;
                int arg = 2 * i * w + 2 * j;
                float best = get(xs, at);
                float v = get(xs, at + 1);
                if (v > best || Float.isNaN(v)) {
                    best = v;
                    arg = 2 * i * w + 2 * j + 1;
                }
                v = get(xs, at + w);
                if (v > best || Float.isNaN(v)) {
                    best = v;
                    arg = (2 * i + 1) * w + 2 * j;
                }
                v = get(xs, at + w + 1);
                if (v > best || Float.isNaN(v)) {
                    best = v;
                    arg = (2 * i + 1) * w + 2 * j + 1;
                }
                long o = (long) i * ow + j;
                set(ys, yp + o, best);
                if (ws != null) ws.setAtIndex(INT, wp + o, arg);
            }
        }
    }

    private static void maxPlane(Pool2dSpec s, MemorySegment xs, long xp, int h, int w, int oh, int ow, MemorySegment ys,
                                 long yp, MemorySegment ws, long wp) {
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                float best = Float.NEGATIVE_INFINITY;
                int arg = -1;
                for (int p = 0; p < s.kernelH(); p++) {
                    int r = i * s.strideH() - s.padH() + p;
                    if (r < 0 || r >= h) continue;
                    for (int q = 0; q < s.kernelW(); q++) {
                        int c = j * s.strideW() - s.padW() + q;
                        if (c < 0 || c >= w) continue;
                        float v = get(xs, xp + (long) r * w + c);
                        if (v > best || arg < 0 || Float.isNaN(v)) {
                            best = v;
                            arg = r * w + c;
                        }
                    }
                }
                long o = (long) i * ow + j;
                set(ys, yp + o, best);
                if (ws != null) ws.setAtIndex(INT, wp + o, arg);
            }
        }
    }

    static void maxBackward(Tensor x, Tensor gy, Tensor ws, Tensor gx, Parallel par) {
        int hw = x.size(2) * x.size(3);
        int plane = gy.size(2) * gy.size(3);
        long planes = (long) x.size(0) * x.size(1);
        MemorySegment gs = seg(gy), wss = seg(ws), xs = seg(gx);
        long go = off(gy), wo = off(ws), xo = off(gx);
        par.forRange(planes, rowGrain(hw), (from, to) -> {
            for (long pl = from; pl < to; pl++) {
                long xp = xo + pl * hw;
                xs.asSlice(xp * Float.BYTES, (long) hw * Float.BYTES).fill((byte) 0);
                for (long o = pl * plane, end = o + plane; o < end; o++) {
                    long at = xp + wss.getAtIndex(INT, wo + o);
                    set(xs, at, get(xs, at) + get(gs, go + o));
                }
            }
        });
    }

    static void avgForward(Pool2dSpec s, Tensor x, Tensor y, Parallel par) {
        int h = x.size(2), w = x.size(3), oh = y.size(2), ow = y.size(3);
        long planes = (long) x.size(0) * x.size(1);
        float div = s.kernelH() * s.kernelW();
        MemorySegment xs = seg(x), ys = seg(y);
        long xo = off(x), yo = off(y);
        par.forRange(planes, rowGrain((long) h * w), (from, to) -> {
            for (long pl = from; pl < to; pl++) {
                long xp = xo + pl * h * w;
                long yp = yo + pl * oh * ow;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        float acc = 0f;
                        for (int p = 0; p < s.kernelH(); p++) {
                            int r = i * s.strideH() - s.padH() + p;
                            if (r < 0 || r >= h) continue;
                            for (int q = 0; q < s.kernelW(); q++) {
                                int c = j * s.strideW() - s.padW() + q;
                                if (c >= 0 && c < w) acc += get(xs, xp + (long) r * w + c);
                            }
                        }
                        set(ys, yp + (long) i * ow + j, acc / div);
                    }
                }
            }
        });
    }

    static void avgBackward(Pool2dSpec s, Tensor gy, Tensor gx, Parallel par) {
        int h = gx.size(2), w = gx.size(3), oh = gy.size(2), ow = gy.size(3);
        long planes = (long) gx.size(0) * gx.size(1);
        float div = s.kernelH() * s.kernelW();
        MemorySegment gs = seg(gy), xs = seg(gx);
        long go = off(gy), xo = off(gx);
        par.forRange(planes, rowGrain((long) h * w), (from, to) -> {
            for (long pl = from; pl < to; pl++) {
                long xp = xo + pl * h * w;
                long gp = go + pl * oh * ow;
                xs.asSlice(xp * Float.BYTES, (long) h * w * Float.BYTES).fill((byte) 0);
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        float gv = get(gs, gp + (long) i * ow + j) / div;
                        for (int p = 0; p < s.kernelH(); p++) {
                            int r = i * s.strideH() - s.padH() + p;
                            if (r < 0 || r >= h) continue;
                            for (int q = 0; q < s.kernelW(); q++) {
                                int c = j * s.strideW() - s.padW() + q;
                                if (c >= 0 && c < w) {
                                    long at = xp + (long) r * w + c;
                                    set(xs, at, get(xs, at) + gv);
                                }
                            }
                        }
                    }
                }
            }
        });
    }
}
