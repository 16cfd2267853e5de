package dev.jnn.data.internal;

/** The sample covariance matrix of row-major float data, accumulated in double. */
public final class Covariance {
    private static final int BLOCK = 64;

    private Covariance() {}

    /**
     * {@code C = (X - mean)ᵀ (X - mean) / (n - 1)} for {@code n >= 2} rows of {@code d}, as a dense
     * symmetric {@code d×d} row-major array.
     *
     * <p>Two paths. When at least half the values are exactly 0 (images with a blank background,
     * MNIST is about 80% zeros) it accumulates the uncentred {@code XᵀX} over each sample's non-zero
     * pairs only and subtracts {@code n·mean·meanᵀ} at the end, in double; that is about 25 times less
     * work on MNIST. The subtraction loses precision only for features whose variance is below about
     * 1e-10 of their mean square. Otherwise samples are centred in blocks of 64 and added as rank-1
     * updates four output rows at a time, in an inner loop that the JIT vectorises.
     */
    public static double[] of(float[] x, int n, int d, double[] mean) {
        if (n < 2) {
            throw new IllegalArgumentException("covariance needs at least 2 samples, got " + n);
        }
        double[] c = new double[d * d];
        if (zeroFraction(x) >= 0.5) {
            accumulateSparse(x, n, d, c);
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    c[i * d + j] -= n * mean[i] * mean[j];
                }
            }
        } else {
            double[] blk = new double[BLOCK * d];
            for (int s0 = 0; s0 < n; s0 += BLOCK) {
                int m = Math.min(BLOCK, n - s0);
                for (int k = 0; k < m; k++) {
                    int xo = (s0 + k) * d;
                    for (int j = 0; j < d; j++) {
                        blk[k * d + j] = x[xo + j] - mean[j];
                    }
                }
                accumulateUpper(blk, m, d, c);
            }
        }
        double scale = 1.0 / (n - 1);
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double v = c[i * d + j] * scale;
                c[i * d + j] = v;
                c[j * d + i] = v;
            }
        }
        return c;
    }

    private static double zeroFraction(float[] x) {
        long zeros = 0;
        for (float v : x) {
            if (v == 0f) {
                zeros++;
            }
        }
        return x.length == 0 ? 0 : (double) zeros / x.length;
    }

    /** Adds the uncentred {@code xᵀx} of every sample into the upper triangle, over non-zero pairs. */
    private static void accumulateSparse(float[] x, int n, int d, double[] c) {
        int[] idx = new int[d];
        double[] val = new double[d];
        for (int s = 0; s < n; s++) {
            int off = s * d;
            int m = 0;
            for (int j = 0; j < d; j++) {
                float v = x[off + j];
                if (v != 0f) {
                    idx[m] = j;
                    val[m++] = v;
                }
            }
            for (int a = 0; a < m; a++) {
                int row = idx[a] * d;
                double va = val[a];
                for (int b = a; b < m; b++) {
                    c[row + idx[b]] += va * val[b];
                }
            }
        }
    }

    /** Adds {@code blkᵀ blk} into the upper triangle of {@code c} (rows i, columns j >= i). */
    private static void accumulateUpper(double[] blk, int m, int d, double[] c) {
        int i = 0;
        for (; i + 4 <= d; i += 4) {
            int r0 = i * d;
            int r1 = r0 + d;
            int r2 = r1 + d;
            int r3 = r2 + d;
            for (int k = 0; k < m; k++) {
                int o = k * d;
                double a0 = blk[o + i];
                double a1 = blk[o + i + 1];
                double a2 = blk[o + i + 2];
                double a3 = blk[o + i + 3];
                if (a0 == 0 && a1 == 0 && a2 == 0 && a3 == 0) {
                    continue;
                }
                // Columns from i: rows i+1..i+3 also fill a few entries below the diagonal, which the
                // caller overwrites when it mirrors the upper triangle.
                for (int j = i; j < d; j++) {
                    double v = blk[o + j];
                    c[r0 + j] += a0 * v;
                    c[r1 + j] += a1 * v;
                    c[r2 + j] += a2 * v;
                    c[r3 + j] += a3 * v;
                }
            }
        }
        for (; i < d; i++) {
            int r = i * d;
            for (int k = 0; k < m; k++) {
                int o = k * d;
                double a = blk[o + i];
                if (a == 0) {
                    continue;
                }
                for (int j = i; j < d; j++) {
                    c[r + j] += a * blk[o + j];
                }
            }
        }
    }
}
