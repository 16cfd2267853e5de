package dev.jnn.backend.vector.internal;

import static dev.jnn.backend.vector.internal.ViewMemory.off;
import static dev.jnn.backend.vector.internal.ViewMemory.seg;
import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.load;
import static dev.jnn.backend.vector.internal.kernels.Simd.rowGrain;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;
import static dev.jnn.backend.vector.internal.kernels.Simd.store;

import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.core.spi.TensorView;
import java.lang.foreign.MemorySegment;

/**
 * Cross-entropy fused with softmax over logits [N, C], per row in parallel. Targets are checked
 * before anything is written.
 */
final class VectorLosses {
    private VectorLosses() {
    }

    static void crossEntropy(TensorView logits, TensorView targets, float smoothing, TensorView loss, TensorView probs, Parallel par) {
        int n = logits.size(0);
        int c = logits.size(1);
        MemorySegment zs = seg(logits), ts = seg(targets), ls = seg(loss), ps = seg(probs);
        long zo = off(logits), to0 = off(targets), lo = off(loss), po = off(probs);
        for (int i = 0; i < n; i++) {
            float t = get(ts, to0 + i);
            int k = (int) t;
            if (k != t || k < 0 || k >= c) {
                throw new IllegalArgumentException("crossEntropy target: index " + t + " is out of range [0, " + c + ")");
            }
        }
        par.forRange(n, rowGrain(c), (from, to) -> {
            for (long i = from; i < to; i++) {
                long z = zo + i * c;
                long p = po + i * c;
                int k = (int) get(ts, to0 + i);
                float max = VectorRows.max(zs, z, c);
                float zk = get(zs, z + k);
                float sumZ = VectorRows.sum(zs, z, c);
                // Read every logit before probs is written, so probs may alias logits.
                float sum = VectorRows.expSum(zs, z, c, max, ps, p);
                float logSum = (float) Math.log(sum) + max;
                int j = 0;
                for (int bound = F.loopBound(c); j < bound; j += L) store(load(ps, p + j).div(sum), ps, p + j);
                for (; j < c; j++) set(ps, p + j, get(ps, p + j) / sum);
                float logpT = zk - logSum;
                // sum_c log p_c = sum_c z_c - C * logSum
                float sumLogp = sumZ - c * logSum;
                set(ls, lo + i, -(1 - smoothing) * logpT - smoothing / c * sumLogp);
            }
        });
    }

    /** {@code gx[i,j] = gLoss[i] * (probs[i,j] - target_j)}, target_j as the reference computes it. */
    static void crossEntropyBackward(TensorView probs, TensorView targets, float smoothing, TensorView gLoss, TensorView gx, Parallel par) {
        int n = probs.size(0);
        int c = probs.size(1);
        float off = smoothing / c;
        float on = (1 - smoothing) + smoothing / c;
        MemorySegment ps = seg(probs), ts = seg(targets), gs = seg(gLoss), xs = seg(gx);
        long po = off(probs), to0 = off(targets), go = off(gLoss), xo = off(gx);
        par.forRange(n, rowGrain(c), (from, to) -> {
            for (long i = from; i < to; i++) {
                long p = po + i * c;
                long x = xo + i * c;
                float g = get(gs, go + i);
                int k = (int) get(ts, to0 + i);
                float pk = get(ps, p + k);
                int j = 0;
                for (int bound = F.loopBound(c); j < bound; j += L) store(load(ps, p + j).sub(off).mul(g), xs, x + j);
                for (; j < c; j++) set(xs, x + j, g * (get(ps, p + j) - off));
                set(xs, x + k, g * (pk - on));
            }
        });
    }
}
