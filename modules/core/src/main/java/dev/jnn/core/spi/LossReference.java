package dev.jnn.core.spi;

import static dev.jnn.core.spi.HostCopies.checkIndex;
import static dev.jnn.core.spi.HostCopies.read;
import static dev.jnn.core.spi.HostCopies.write;

/**
 * The reference loss kernels: the defaults of {@link LossOps}, in plain scalar Java on host copies
 * of the operands ({@link HostCopies}). They are the specification every backend is tested against;
 * clarity first, speed never.
 */
final class LossReference {
    private LossReference() {
    }

    static void crossEntropy(MemoryOps mem, TensorView logits, TensorView targets, float smoothing, TensorView loss, TensorView probs) {
        float[] z = read(mem, logits);
        float[] t = read(mem, targets);
        int n = logits.size(0), c = logits.size(1);
        float[] l = new float[n];
        for (int i = 0; i < n; i++) {
            int k = checkIndex("crossEntropy target", t[i], c);
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) max = Math.max(max, z[i * c + j]);
            double sum = 0;
            for (int j = 0; j < c; j++) sum += Math.exp(z[i * c + j] - max);
            double logSum = Math.log(sum) + max;
            double logpT = z[i * c + k] - logSum;
            double sumLogp = 0;
            for (int j = 0; j < c; j++) {
                double logp = z[i * c + j] - logSum;
                sumLogp += logp;
                z[i * c + j] = (float) Math.exp(logp);
            }
            l[i] = (float) (-(1 - smoothing) * logpT - smoothing / c * sumLogp);
        }
        write(mem, loss, l);
        write(mem, probs, z);
    }

    static void crossEntropyBackward(MemoryOps mem, TensorView probs, TensorView targets, float smoothing, TensorView gLoss, TensorView gx) {
        float[] p = read(mem, probs);
        float[] t = read(mem, targets);
        float[] gl = read(mem, gLoss);
        int n = probs.size(0), c = probs.size(1);
        for (int i = 0; i < n; i++) {
            int k = (int) t[i];
            for (int j = 0; j < c; j++) {
                float target = (j == k ? 1 - smoothing : 0) + smoothing / c;
                p[i * c + j] = gl[i] * (p[i * c + j] - target);
            }
        }
        write(mem, gx, p);
    }
}
