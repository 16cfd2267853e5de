package dev.jnn.data.preprocess;

import dev.jnn.data.internal.Covariance;
import dev.jnn.data.internal.SymmetricEigen;

/**
 * ZCA ("zero-phase") whitening: {@code y = (x - mean) W} with
 * {@code W = U diag(1/sqrt(λ + epsilon)) Uᵀ}, where {@code U, λ} are the eigenvectors and
 * eigenvalues of the training covariance (divisor n - 1). The output has (near) identity covariance
 * and, unlike PCA whitening, stays in the input's coordinates, so whitened images still look like
 * images.
 */
public final class ZcaWhitening implements Preprocessor {
    private final double[] mean;
    private final float[] w; // d x d, symmetric

    private ZcaWhitening(double[] mean, float[] w) {
        this.mean = mean;
        this.w = w;
    }

    /**
     * Fits ZCA whitening on {@code n >= 2} samples of {@code d} features.
     *
     * @param epsilon added to each eigenvalue, >= 0; use about 1e-5..1e-1 of the pixel variance for
     *     images, where tiny eigenvalues would otherwise amplify noise (0 requires a full-rank
     *     covariance)
     */
    public static ZcaWhitening fit(float[] x, int n, int d, double epsilon) {
        if (!(epsilon >= 0)) {
            throw new IllegalArgumentException("ZCA: epsilon must be >= 0, got " + epsilon);
        }
        double[] mean = Matrices.mean(x, n, d);
        SymmetricEigen eig = SymmetricEigen.of(Covariance.of(x, n, d, mean), d);
        double[] wd = new double[d * d];
        for (int c = 0; c < d; c++) {
            double lambda = Math.max(eig.value(c), 0);
            double scale = 1 / Math.sqrt(lambda + epsilon);
            if (!Double.isFinite(scale)) {
                throw new IllegalArgumentException("ZCA: the covariance is singular (eigenvalue " + c + " is 0);"
                        + " use epsilon > 0");
            }
            double[] u = eig.vector(c);
            for (int i = 0; i < d; i++) {
                double ui = u[i] * scale;
                if (ui == 0) {
                    continue;
                }
                int row = i * d;
                for (int j = 0; j < d; j++) {
                    wd[row + j] += ui * u[j];
                }
            }
        }
        float[] w = new float[d * d];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) wd[i];
        }
        return new ZcaWhitening(mean, w);
    }

    /** Fits ZCA whitening on samples given one array each. */
    public static ZcaWhitening fit(float[][] x, double epsilon) {
        int d = x.length == 0 ? 0 : x[0].length;
        return fit(Matrices.flatten(x, d), x.length, d, epsilon);
    }

    /** The whitening matrix W, {@code d×d} row-major (symmetric); a copy. */
    public float[] matrix() {
        return w.clone();
    }

    /** The fitted per-feature mean. */
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public int inputDim() {
        return mean.length;
    }

    @Override
    public int outputDim() {
        return mean.length;
    }

    @Override
    public float[] apply(float[] x, int n) {
        return Matrices.centredTimes(x, n, mean.length, mean, w, mean.length);
    }
}
