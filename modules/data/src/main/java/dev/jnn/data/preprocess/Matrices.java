package dev.jnn.data.preprocess;

/** Shape checks and conversions between {@code float[n][d]} and flat row-major {@code float[n*d]}. */
final class Matrices {
    private Matrices() {}

    static float[] flatten(float[][] rows, int d) {
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("sample " + i + " has " + rows[i].length + " features, expected " + d);
            }
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return flat;
    }

    static float[][] unflatten(float[] flat, int n, int d) {
        float[][] rows = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, rows[i], 0, d);
        }
        return rows;
    }

    static void checkShape(float[] x, int n, int d) {
        if (n < 0 || d < 1 || x.length != (long) n * d) {
            throw new IllegalArgumentException("expected " + n + " samples of " + d + " features (" + (long) n * d
                    + " floats), got " + x.length + " floats");
        }
    }

    /** Per-feature means of {@code n} rows of {@code d}, summed in double. */
    static double[] mean(float[] x, int n, int d) {
        checkShape(x, n, d);
        if (n < 1) {
            throw new IllegalArgumentException("cannot fit on 0 samples");
        }
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            int off = i * d;
            for (int j = 0; j < d; j++) {
                mean[j] += x[off + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        return mean;
    }

    /**
     * {@code out[i,:] = (x[i,:] - mean) · w} for {@code w} of {@code d×k} (row-major), computed as
     * {@code x[i,:]·w - mean·w} so that zero inputs (MNIST's blank background, about 80% of its
     * pixels) can be skipped.
     */
    static float[] centredTimes(float[] x, int n, int d, double[] mean, float[] w, int k) {
        checkShape(x, n, d);
        double[] offset = new double[k];
        for (int j = 0; j < d; j++) {
            for (int c = 0; c < k; c++) {
                offset[c] += mean[j] * w[j * k + c];
            }
        }
        float[] acc = new float[k];
        float[] out = new float[n * k];
        for (int i = 0; i < n; i++) {
            int xo = i * d;
            java.util.Arrays.fill(acc, 0f);
            for (int j = 0; j < d; j++) {
                float a = x[xo + j];
                if (a == 0f) {
                    continue;
                }
                int wo = j * k;
                for (int c = 0; c < k; c++) {
                    acc[c] += a * w[wo + c];
                }
            }
            int oo = i * k;
            for (int c = 0; c < k; c++) {
                out[oo + c] = (float) (acc[c] - offset[c]);
            }
        }
        return out;
    }
}
