package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.INT;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.load;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;
import static dev.jnn.backend.vector.internal.kernels.Simd.store;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * Fused cross-entropy over logits: log-softmax + negative log-likelihood with mean reduction,
 * optional label smoothing and an ignored label, as PyTorch's {@code CrossEntropyLoss}.
 *
 * <p>With smoothing e over C classes the target is q = (1 - e) * onehot(label) + e / C and the row
 * loss is -sum_c q_c * log p_c. The loss is the mean over rows whose label is not
 * {@code ignoreIndex} (NaN when every row is ignored, as in PyTorch). The forward pass writes the
 * probabilities p, which the backward pass needs: {@code gx = gradOut * (p - q) / count}.
 */
public final class CrossEntropy {

    private CrossEntropy() {
    }

    static int label(MemorySegment labels, long lOff, LabelType type, long r, int classes, int ignoreIndex) {
        int c;
        if (type == LabelType.INT32) {
            c = labels.getAtIndex(INT, lOff + r);
        } else {
            float f = get(labels, lOff + r);
            c = (int) f;
            if (c != f) {
                throw new IllegalArgumentException("label " + f + " at row " + r + " is not a whole class index");
            }
        }
        if (c != ignoreIndex && (c < 0 || c >= classes)) {
            throw new IllegalArgumentException("label " + c + " at row " + r + " is outside [0, " + classes
                    + "): check the labels or the number of classes");
        }
        return c;
    }

    /**
     * Computes the mean loss and writes the softmax probabilities of {@code logits} to {@code probs}.
     *
     * @param ignoreIndex label value whose rows are skipped (PyTorch's default is -100)
     * @param smoothing label smoothing in [0, 1]
     * @return the mean loss over the rows not ignored
     */
    public static float forward(MemorySegment logits, long xOff, int rows, int classes, MemorySegment labels,
                                long lOff, LabelType type, int ignoreIndex, float smoothing, MemorySegment probs,
                                long pOff, Parallel par) {
        if (!(smoothing >= 0f && smoothing <= 1f)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1], got " + smoothing);
        }
        if (classes < 1) {
            throw new IllegalArgumentException("cross-entropy needs at least one class, got " + classes);
        }
        MemorySegment rowLoss = Scratch.floats(Scratch.PARTIALS, Math.max(1, rows));
        par.forRange(rows, Math.max(1, Unary.GRAIN / classes), (from, to) -> {
            for (long r = from; r < to; r++) {
                long xi = xOff + r * classes, pi = pOff + r * classes;
                int c = label(labels, lOff, type, r, classes, ignoreIndex);
                float m = Reduce.max(logits, xi, classes);
                float s = Softmax.expShifted(logits, xi, probs, pi, classes, m);
                BinaryLoops.vs(BinaryOp.MUL, probs, pi, 1f / s, probs, pi, 0, classes);
                if (c == ignoreIndex) {
                    set(rowLoss, r, Float.NaN);
                    continue;
                }
                float lse = m + (float) Math.log(s);
                float nll = lse - get(logits, xi + c);
                if (smoothing > 0f) {
                    // -sum_c log p_c / C = lse - mean(x)
                    float uniform = lse - Reduce.sum(logits, xi, classes) / classes;
                    nll = (1f - smoothing) * nll + smoothing * uniform;
                }
                set(rowLoss, r, nll);
            }
        });
        double total = 0;
        long count = 0;
        for (long r = 0; r < rows; r++) {
            if (label(labels, lOff, type, r, classes, ignoreIndex) != ignoreIndex) {
                total += get(rowLoss, r);
                count++;
            }
        }
        return (float) (total / count);
    }

    /** {@code gx[r, :] = gradOut * (probs[r, :] - q[r, :]) / count}; ignored rows get 0. */
    public static void backward(MemorySegment probs, long pOff, int rows, int classes, MemorySegment labels,
                                long lOff, LabelType type, int ignoreIndex, float smoothing, float gradOut,
                                MemorySegment gx, long gxOff, Parallel par) {
        long count = 0;
        for (long r = 0; r < rows; r++) {
            if (label(labels, lOff, type, r, classes, ignoreIndex) != ignoreIndex) {
                count++;
            }
        }
        float scale = gradOut / count;
        float off = smoothing / classes;
        par.forRange(rows, Math.max(1, Unary.GRAIN / classes), (from, to) -> {
            for (long r = from; r < to; r++) {
                long pi = pOff + r * classes, gi = gxOff + r * classes;
                int c = label(labels, lOff, type, r, classes, ignoreIndex);
                if (c == ignoreIndex) {
                    gx.asSlice(4 * gi, 4L * classes).fill((byte) 0);
                    continue;
                }
                long i = 0;
                if (!Simd.SCALAR) {
                    FloatVector vs = FloatVector.broadcast(F, scale);
                    for (long bound = F.loopBound(classes); i < bound; i += L) {
                        store(load(probs, pi + i).sub(off).mul(vs), gx, gi + i);
                    }
                }
                for (; i < classes; i++) {
                    set(gx, gi + i, (get(probs, pi + i) - off) * scale);
                }
                set(gx, gi + c, (get(probs, pi + c) - off - (1f - smoothing)) * scale);
            }
        });
    }
}
