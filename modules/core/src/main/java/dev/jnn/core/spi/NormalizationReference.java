package dev.jnn.core.spi;

import static dev.jnn.core.spi.HostCopies.read;
import static dev.jnn.core.spi.HostCopies.write;

/**
 * The reference softmax and batch-norm kernels: the defaults of {@link NormalizationOps}, in plain scalar Java on host copies
 * of the operands ({@link HostCopies}). They are the specification every backend is tested against;
 * clarity first, speed never.
 */
final class NormalizationReference {
    private NormalizationReference() {
    }

    static void softmax(MemoryOps mem, TensorView x, int dim, boolean log, TensorView y) {
        float[] v = read(mem, x);
        int outer = (int) x.shape().outer(dim), n = x.size(dim), inner = (int) x.shape().inner(dim);
        for (int p = 0; p < outer; p++) {
            for (int q = 0; q < inner; q++) {
                int base = p * n * inner + q;
                float max = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) max = Math.max(max, v[base + i * inner]);
                double sum = 0;
                for (int i = 0; i < n; i++) sum += Math.exp(v[base + i * inner] - max);
                double logSum = Math.log(sum);
                for (int i = 0; i < n; i++) {
                    int at = base + i * inner;
                    v[at] = log ? (float) (v[at] - max - logSum) : (float) (Math.exp(v[at] - max) / sum);
                }
            }
        }
        write(mem, y, v);
    }

    static void softmaxBackward(MemoryOps mem, TensorView y, TensorView gy, int dim, boolean log, TensorView gx) {
        float[] yv = read(mem, y);
        float[] g = read(mem, gy);
        int outer = (int) y.shape().outer(dim), n = y.size(dim), inner = (int) y.shape().inner(dim);
        float[] o = new float[g.length];
        for (int p = 0; p < outer; p++) {
            for (int q = 0; q < inner; q++) {
                int base = p * n * inner + q;
                double dot = 0;
                for (int i = 0; i < n; i++) dot += log ? g[base + i * inner] : (double) g[base + i * inner] * yv[base + i * inner];
                for (int i = 0; i < n; i++) {
                    int at = base + i * inner;
                    o[at] = log ? (float) (g[at] - Math.exp(yv[at]) * dot) : (float) (yv[at] * (g[at] - dot));
                }
            }
        }
        write(mem, gx, o);
    }

    static void batchNormTraining(MemoryOps mem, TensorView x, TensorView gamma, TensorView beta, float eps, TensorView y, TensorView mean, TensorView invStd) {
        float[] v = read(mem, x);
        int n = x.size(0), c = x.size(1), hw = (int) (x.numel() / ((long) n * c));
        float[] gm = gamma == null ? null : read(mem, gamma);
        float[] bt = beta == null ? null : read(mem, beta);
        float[] mo = new float[c];
        float[] io = new float[c];
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) s += v[(b * c + ch) * hw + i];
            double mu = s / ((double) n * hw);
            double sq = 0;
            for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) {
                double d = v[(b * c + ch) * hw + i] - mu;
                sq += d * d;
            }
            double inv = 1.0 / Math.sqrt(sq / ((double) n * hw) + eps);
            mo[ch] = (float) mu;
            io[ch] = (float) inv;
            float ga = gm == null ? 1f : gm[ch];
            float bb = bt == null ? 0f : bt[ch];
            for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) {
                int at = (b * c + ch) * hw + i;
                v[at] = (float) ((v[at] - mu) * inv * ga + bb);
            }
        }
        write(mem, y, v);
        write(mem, mean, mo);
        write(mem, invStd, io);
    }

    static void batchNormInference(MemoryOps mem, TensorView x, TensorView gamma, TensorView beta, TensorView rm, TensorView rv, float eps, TensorView y) {
        float[] v = read(mem, x);
        int n = x.size(0), c = x.size(1), hw = (int) (x.numel() / ((long) n * c));
        float[] gm = gamma == null ? null : read(mem, gamma);
        float[] bt = beta == null ? null : read(mem, beta);
        float[] m = read(mem, rm);
        float[] var = read(mem, rv);
        for (int ch = 0; ch < c; ch++) {
            double inv = 1.0 / Math.sqrt(var[ch] + eps);
            float ga = gm == null ? 1f : gm[ch];
            float bb = bt == null ? 0f : bt[ch];
            for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) {
                int at = (b * c + ch) * hw + i;
                v[at] = (float) ((v[at] - m[ch]) * inv * ga + bb);
            }
        }
        write(mem, y, v);
    }

    static void batchNormBackward(MemoryOps mem, TensorView x, TensorView gy, TensorView gamma, TensorView mean, TensorView invStd, TensorView gx,
                                         TensorView gGamma, TensorView gBeta) {
        float[] v = read(mem, x);
        float[] g = read(mem, gy);
        float[] m = read(mem, mean);
        float[] inv = read(mem, invStd);
        float[] gm = gamma == null ? null : read(mem, gamma);
        int n = x.size(0), c = x.size(1), hw = (int) (x.numel() / ((long) n * c));
        double count = (double) n * hw;
        float[] o = new float[g.length];
        float[] gg = new float[c];
        float[] gbv = new float[c];
        for (int ch = 0; ch < c; ch++) {
            double sumG = 0;
            double sumGX = 0;
            for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) {
                int at = (b * c + ch) * hw + i;
                sumG += g[at];
                sumGX += g[at] * (v[at] - m[ch]) * inv[ch];
            }
            gg[ch] = (float) sumGX;
            gbv[ch] = (float) sumG;
            double ga = gm == null ? 1 : gm[ch];
            for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) {
                int at = (b * c + ch) * hw + i;
                double xhat = (v[at] - m[ch]) * inv[ch];
                o[at] = (float) (ga * inv[ch] / count * (count * g[at] - sumG - xhat * sumGX));
            }
        }
        write(mem, gx, o);
        if (gGamma != null) write(mem, gGamma, gg);
        if (gBeta != null) write(mem, gBeta, gbv);
    }
}
