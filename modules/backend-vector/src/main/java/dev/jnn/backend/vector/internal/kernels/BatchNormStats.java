package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.load;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;
import static dev.jnn.backend.vector.internal.kernels.Simd.store;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The per-channel loops of {@link BatchNorm}, in two layouts: NCHW with hw > 1 (a channel is n
 * contiguous runs of hw values: vectors along hw, one channel per task) and NC with hw == 1
 * (channels are contiguous in a row: vectors across channels, walking down the rows).
 */
final class BatchNormStats {

    private BatchNormStats() {
    }

    /** mean[ch] and biased var[ch] over the n * hw values of each channel (two passes, sums in double). */
    static void meanVar(MemorySegment x, long xOff, int n, int c, int hw, MemorySegment mean, long mOff,
                        MemorySegment var, long vOff, Parallel par) {
        double count = (double) n * hw;
        if (hw > 1) {
            par.forRange(c, Math.max(1, Unary.GRAIN / Math.max(1, (long) n * hw)), (from, to) -> {
                for (long ch = from; ch < to; ch++) {
                    double s = 0;
                    for (long b = 0; b < n; b++) {
                        s += Reduce.sum(x, xOff + (b * c + ch) * hw, hw);
                    }
                    float mu = (float) (s / count);
                    double q = 0;
                    for (long b = 0; b < n; b++) {
                        q += sumSquaredDiff(x, xOff + (b * c + ch) * hw, hw, mu);
                    }
                    set(mean, mOff + ch, mu);
                    set(var, vOff + ch, (float) (q / count));
                }
            });
            return;
        }
        float inv = (float) (1.0 / count);
        par.forRange(c, channelGrain(n), (from, to) -> {
            long j = from;
            for (; j + L <= to && !Simd.SCALAR; j += L) {
                FloatVector s = FloatVector.zero(F);
                for (long b = 0; b < n; b++) {
                    s = s.add(load(x, xOff + b * c + j));
                }
                FloatVector mu = s.mul(inv);
                FloatVector q = FloatVector.zero(F);
                for (long b = 0; b < n; b++) {
                    FloatVector d = load(x, xOff + b * c + j).sub(mu);
                    q = d.fma(d, q);
                }
                store(mu, mean, mOff + j);
                store(q.mul(inv), var, vOff + j);
            }
            for (; j < to; j++) {
                float s = 0f;
                for (long b = 0; b < n; b++) {
                    s += get(x, xOff + b * c + j);
                }
                float mu = s * inv;
                float q = 0f;
                for (long b = 0; b < n; b++) {
                    float d = get(x, xOff + b * c + j) - mu;
                    q = Math.fma(d, d, q);
                }
                set(mean, mOff + j, mu);
                set(var, vOff + j, q * inv);
            }
        });
    }

    private static float sumSquaredDiff(MemorySegment x, long off, int n, float mu) {
        long i = 0;
        float q = 0f;
        if (!Simd.SCALAR) {
            FloatVector acc = FloatVector.zero(F);
            for (long bound = F.loopBound(n); i < bound; i += L) {
                FloatVector d = load(x, off + i).sub(mu);
                acc = d.fma(d, acc);
            }
            q = Simd.sumLanes(acc);
        }
        for (; i < n; i++) {
            float d = get(x, off + i) - mu;
            q = Math.fma(d, d, q);
        }
        return q;
    }

    /** {@code y = x * coef[cOff + ch] + coef[cOff + c + ch]}: scale, then shift. */
    static void affine(MemorySegment x, long xOff, int n, int c, int hw, MemorySegment coef, long cOff,
                       MemorySegment y, long yOff, Parallel par) {
        // gradInput without gy: its b and k rows are our scale and shift; its a row is never read.
        gradInput(null, 0, x, xOff, n, c, hw, coef, cOff - c, y, yOff, par);
    }

    /** sum((x[i] - mu) * g[i]) for i in [0, n). */
    private static float dotCentered(MemorySegment g, long gi, MemorySegment x, long xi, int n, float mu) {
        long i = 0;
        float s = 0f;
        if (!Simd.SCALAR) {
            FloatVector acc = FloatVector.zero(F);
            for (long bound = F.loopBound(n); i < bound; i += L) {
                acc = load(x, xi + i).sub(mu).fma(load(g, gi + i), acc);
            }
            s = Simd.sumLanes(acc);
        }
        for (; i < n; i++) {
            s = Math.fma(get(x, xi + i) - mu, get(g, gi + i), s);
        }
        return s;
    }

    /** Channels per task in the NC layout: a multiple of the lane count, so vectors stay aligned to it. */
    private static long channelGrain(int n) {
        long g = Math.max(L, Unary.GRAIN / Math.max(1, n));
        return (g + L - 1) / L * L;
    }

    /**
     * {@code out = a[ch] * gy + b[ch] * x + k[ch]} with a, b, k at {@code coef[cOff]}, {@code
     * coef[cOff + c]}, {@code coef[cOff + 2c]}; with gy null the a-term is dropped.
     */
    static void gradInput(MemorySegment gy, long gyOff, MemorySegment x, long xOff, int n, int c, int hw,
                          MemorySegment coef, long cOff, MemorySegment out, long oOff, Parallel par) {
        long bOff = cOff + c, kOff = cOff + 2L * c;
        if (hw > 1) {
            par.forRange((long) n * c, Math.max(1, Unary.GRAIN / hw), (from, to) -> {
                for (long row = from; row < to; row++) {
                    long ch = row % c, base = row * hw;
                    float a = gy == null ? 0f : get(coef, cOff + ch), bq = get(coef, bOff + ch), k = get(coef, kOff + ch);
                    long i = 0;
                    if (!Simd.SCALAR) {
                        FloatVector vb = FloatVector.broadcast(F, bq), vk = FloatVector.broadcast(F, k);
                        FloatVector va = FloatVector.broadcast(F, a);
                        for (long bound = F.loopBound(hw); i < bound; i += L) {
                            FloatVector v = load(x, xOff + base + i).fma(vb, vk);
                            if (gy != null) {
                                v = load(gy, gyOff + base + i).fma(va, v);
                            }
                            store(v, out, oOff + base + i);
                        }
                    }
                    for (; i < hw; i++) {
                        float v = Math.fma(get(x, xOff + base + i), bq, k);
                        if (gy != null) {
                            v = Math.fma(get(gy, gyOff + base + i), a, v);
                        }
                        set(out, oOff + base + i, v);
                    }
                }
            });
            return;
        }
        par.forRange(n, Math.max(1, Unary.GRAIN / Math.max(1, c)), (from, to) -> {
            for (long r = from; r < to; r++) {
                long base = r * c;
                long j = 0;
                if (!Simd.SCALAR) {
                    for (long bound = F.loopBound(c); j < bound; j += L) {
                        FloatVector v = load(x, xOff + base + j).fma(load(coef, bOff + j), load(coef, kOff + j));
                        if (gy != null) {
                            v = load(gy, gyOff + base + j).fma(load(coef, cOff + j), v);
                        }
                        store(v, out, oOff + base + j);
                    }
                }
                for (; j < c; j++) {
                    float v = Math.fma(get(x, xOff + base + j), get(coef, bOff + j), get(coef, kOff + j));
                    if (gy != null) {
                        v = Math.fma(get(gy, gyOff + base + j), get(coef, cOff + j), v);
                    }
                    set(out, oOff + base + j, v);
                }
            }
        });
    }

    /** sums[ch] = sum(gy), sums[c + ch] = sum(gy * (x - mean[ch])) over each channel. */
    static void gradSums(MemorySegment gy, long gyOff, MemorySegment x, long xOff, int n, int c, int hw,
                         MemorySegment mean, long mOff, MemorySegment sums, Parallel par) {
        if (hw > 1) {
            par.forRange(c, Math.max(1, Unary.GRAIN / Math.max(1, (long) n * hw)), (from, to) -> {
                for (long ch = from; ch < to; ch++) {
                    float mu = get(mean, mOff + ch);
                    double s = 0, d = 0;
                    for (long b = 0; b < n; b++) {
                        long base = (b * c + ch) * hw;
                        float gs = Reduce.sum(gy, gyOff + base, hw);
                        s += gs;
                        d += dotCentered(gy, gyOff + base, x, xOff + base, hw, mu);
                    }
                    set(sums, ch, (float) s);
                    set(sums, c + ch, (float) d);
                }
            });
            return;
        }
        par.forRange(c, channelGrain(n), (from, to) -> {
            long j = from;
            for (; j + L <= to && !Simd.SCALAR; j += L) {
                FloatVector s = FloatVector.zero(F), d = FloatVector.zero(F);
                FloatVector mu = load(mean, mOff + j);
                for (long b = 0; b < n; b++) {
                    FloatVector g = load(gy, gyOff + b * c + j);
                    s = s.add(g);
                    d = g.fma(load(x, xOff + b * c + j).sub(mu), d);
                }
                store(s, sums, j);
                store(d, sums, c + j);
            }
            for (; j < to; j++) {
                float mu = get(mean, mOff + j);
                float s = 0f, d = 0f;
                for (long b = 0; b < n; b++) {
                    float g = get(gy, gyOff + b * c + j);
                    s += g;
                    d = Math.fma(g, get(x, xOff + b * c + j) - mu, d);
                }
                set(sums, j, s);
                set(sums, c + j, d);
            }
        });
    }
}
