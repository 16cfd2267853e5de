package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;

import java.lang.foreign.MemorySegment;
/**
 * Batch normalisation over NCHW ({@code hw = H*W}) or NC ({@code hw = 1}) float32, as PyTorch's
 * BatchNorm1d/2d: statistics per channel over the n * hw values of that channel.
 *
 * <p>Training: {@code y = (x - mean) / sqrt(var + eps) * gamma + beta} with the biased batch
 * variance; the running statistics become {@code (1 - momentum) * running + momentum * batch}
 * with the unbiased variance for {@code runningVar}; mean and 1/sqrt(var + eps) are saved for the
 * backward pass. gamma and beta may be null (no affine transform). Channels are independent, so
 * results do not depend on the thread count. PyTorch's {@code momentum=None} (cumulative average)
 * is momentum = 1 / batches seen, which the caller passes.
 */
public final class BatchNorm {

    private BatchNorm() {
    }

    private static float gammaOf(MemorySegment gamma, long off, long c) {
        return gamma == null ? 1f : get(gamma, off + c);
    }

    private static float betaOf(MemorySegment beta, long off, long c) {
        return beta == null ? 0f : get(beta, off + c);
    }

    /**
     * Training forward pass.
     *
     * @param saveMean receives the batch mean per channel ({@code c} floats)
     * @param saveInvStd receives 1 / sqrt(batch var + eps) per channel
     * @param runningMean updated in place, or null to skip
     * @param runningVar updated in place, or null to skip
     */
    public static void forwardTrain(MemorySegment x, long xOff, int n, int c, int hw, MemorySegment gamma,
                                    long gOff, MemorySegment beta, long bOff, float eps, float momentum,
                                    MemorySegment runningMean, long rmOff, MemorySegment runningVar, long rvOff,
                                    MemorySegment saveMean, long smOff, MemorySegment saveInvStd, long siOff,
                                    MemorySegment y, long yOff, Parallel par) {
        long count = (long) n * hw;
        if (count < 2) {
            throw new IllegalArgumentException("batch norm in training needs more than one value per channel, got n="
                    + n + " hw=" + hw + ": use a larger batch or evaluation mode");
        }
        BatchNormStats.meanVar(x, xOff, n, c, hw, saveMean, smOff, saveInvStd, siOff, par);
        for (long ch = 0; ch < c; ch++) {
            float mean = get(saveMean, smOff + ch), var = get(saveInvStd, siOff + ch);
            if (runningMean != null) {
                set(runningMean, rmOff + ch, (1f - momentum) * get(runningMean, rmOff + ch) + momentum * mean);
            }
            if (runningVar != null) {
                float unbiased = (float) (var * (double) count / (count - 1));
                set(runningVar, rvOff + ch, (1f - momentum) * get(runningVar, rvOff + ch) + momentum * unbiased);
            }
            set(saveInvStd, siOff + ch, (float) (1.0 / Math.sqrt(var + eps)));
        }
        normalize(x, xOff, n, c, hw, gamma, gOff, beta, bOff, saveMean, smOff, saveInvStd, siOff, false, eps, y,
                yOff, par);
    }

    /** Evaluation forward pass with the running statistics: {@code y = (x - rm) / sqrt(rv + eps) * gamma + beta}. */
    public static void forwardEval(MemorySegment x, long xOff, int n, int c, int hw, MemorySegment gamma, long gOff,
                                   MemorySegment beta, long bOff, float eps, MemorySegment runningMean, long rmOff,
                                   MemorySegment runningVar, long rvOff, MemorySegment y, long yOff, Parallel par) {
        normalize(x, xOff, n, c, hw, gamma, gOff, beta, bOff, runningMean, rmOff, runningVar, rvOff, true, eps, y,
                yOff, par);
    }

    /** y = x * scale[c] + shift[c] with scale = gamma * invstd and shift = beta - mean * scale. */
    private static void normalize(MemorySegment x, long xOff, int n, int c, int hw, MemorySegment gamma, long gOff,
                                  MemorySegment beta, long bOff, MemorySegment mean, long mOff, MemorySegment spread,
                                  long sOff, boolean spreadIsVar, float eps, MemorySegment y, long yOff,
                                  Parallel par) {
        MemorySegment coef = Scratch.floats(Scratch.PARTIALS, 2L * c);
        for (long ch = 0; ch < c; ch++) {
            float s = get(spread, sOff + ch);
            float invStd = spreadIsVar ? (float) (1.0 / Math.sqrt(s + eps)) : s;
            float scale = gammaOf(gamma, gOff, ch) * invStd;
            set(coef, ch, scale);
            set(coef, c + ch, betaOf(beta, bOff, ch) - get(mean, mOff + ch) * scale);
        }
        BatchNormStats.affine(x, xOff, n, c, hw, coef, 0, y, yOff, par);
    }

    /**
     * Training backward pass: overwrites gx, and dgamma / dbeta when not null.
     *
     * <pre>
     * dbeta = sum(gy), dgamma = sum(gy * xhat), xhat = (x - mean) * invstd, M = n * hw
     * gx = gamma * invstd / M * (M * gy - dbeta - xhat * dgamma)
     * </pre>
     */
    public static void backward(MemorySegment gy, long gyOff, MemorySegment x, long xOff, int n, int c, int hw,
                                MemorySegment gamma, long gOff, MemorySegment saveMean, long smOff,
                                MemorySegment saveInvStd, long siOff, MemorySegment gx, long gxOff,
                                MemorySegment dgamma, long dgOff, MemorySegment dbeta, long dbOff, Parallel par) {
        long m = (long) n * hw;
        // sums[0..c) = sum(gy), sums[c..2c) = sum(gy * (x - mean)), then three coefficient rows.
        MemorySegment sums = Scratch.floats(Scratch.PARTIALS, 5L * c);
        BatchNormStats.gradSums(gy, gyOff, x, xOff, n, c, hw, saveMean, smOff, sums, par);
        for (long ch = 0; ch < c; ch++) {
            float is = get(saveInvStd, siOff + ch), mu = get(saveMean, smOff + ch);
            float db = get(sums, ch), dg = get(sums, c + ch) * is;
            if (dbeta != null) {
                set(dbeta, dbOff + ch, db);
            }
            if (dgamma != null) {
                set(dgamma, dgOff + ch, dg);
            }
            float a = gammaOf(gamma, gOff, ch) * is;
            // gx = a * gy + b * x + k, expanding xhat = (x - mu) * is.
            set(sums, 2L * c + ch, a);
            set(sums, 3L * c + ch, -a * is * dg / m);
            set(sums, 4L * c + ch, a * (mu * is * dg - db) / m);
        }
        BatchNormStats.gradInput(gy, gyOff, x, xOff, n, c, hw, sums, 2L * c, gx, gxOff, par);
    }
}
