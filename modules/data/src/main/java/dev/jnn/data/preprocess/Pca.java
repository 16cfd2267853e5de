package dev.jnn.data.preprocess;

import dev.jnn.data.internal.Covariance;
import dev.jnn.data.internal.SymmetricEigen;

/**
 * Principal component analysis: projects centred samples onto the {@code k} eigenvectors of the
 * training covariance with the largest eigenvalues, {@code y = (x - mean) U_k}, and with whitening
 * also divides each component by {@code sqrt(λ + epsilon)} so that the output has (near) unit
 * variance per component.
 *
 * <p>Fitting computes the covariance in double (divisor n - 1, like numpy's {@code cov} and
 * scikit-learn's {@code explained_variance_}) and decomposes it with Householder
 * tridiagonalisation and implicit QL. The sign of each component is fixed so that its
 * largest-magnitude entry is positive, so results do not depend on rounding.
 *
 * <pre>{@code
 * float[] x = train.toFloatArray(1 / 255f);
 * Pca pca = Pca.fit(x, train.size(), 784, 50, false, 0);
 * float[] reduced = pca.apply(x, train.size());   // n x 50
 * }</pre>
 */
public final class Pca implements Preprocessor {
    private final double[] mean;
    private final double[] eigenvalues; // all d, descending
    private final float[] components; // k rows of d
    private final float[] projection; // d x k: component columns, scaled when whitening
    private final int k;
    private final boolean whiten;

    private Pca(double[] mean, double[] eigenvalues, float[] components, float[] projection, int k, boolean whiten) {
        this.mean = mean;
        this.eigenvalues = eigenvalues;
        this.components = components;
        this.projection = projection;
        this.k = k;
        this.whiten = whiten;
    }

    /**
     * Fits PCA on {@code n >= 2} training samples of {@code d} features.
     *
     * @param k components to keep, 1..d
     * @param whiten whether to scale each component to unit variance
     * @param epsilon added to each eigenvalue before the square root when whitening (e.g. 1e-5), >= 0
     */
    public static Pca fit(float[] x, int n, int d, int k, boolean whiten, double epsilon) {
        if (k < 1 || k > d) {
            throw new IllegalArgumentException("PCA: k must be in 1.." + d + ", got " + k);
        }
        if (!(epsilon >= 0)) {
            throw new IllegalArgumentException("PCA: epsilon must be >= 0, got " + epsilon);
        }
        double[] mean = Matrices.mean(x, n, d);
        SymmetricEigen eig = SymmetricEigen.of(Covariance.of(x, n, d, mean), d);
        float[] components = new float[k * d];
        float[] projection = new float[d * k];
        for (int c = 0; c < k; c++) {
            double[] u = signFixed(eig.vector(c));
            double lambda = Math.max(eig.value(c), 0); // tiny negative values are rounding
            double scale = whiten ? 1 / Math.sqrt(lambda + epsilon) : 1;
            if (whiten && !Double.isFinite(scale)) {
                throw new IllegalArgumentException("PCA: component " + c + " has zero variance; whitening needs"
                        + " epsilon > 0 or a smaller k");
            }
            for (int j = 0; j < d; j++) {
                components[c * d + j] = (float) u[j];
                projection[j * k + c] = (float) (u[j] * scale);
            }
        }
        return new Pca(mean, eig.values(), components, projection, k, whiten);
    }

    /** Flips {@code u} so that its largest-magnitude entry is positive. */
    static double[] signFixed(double[] u) {
        int arg = 0;
        for (int j = 1; j < u.length; j++) {
            if (Math.abs(u[j]) > Math.abs(u[arg])) {
                arg = j;
            }
        }
        if (u[arg] < 0) {
            for (int j = 0; j < u.length; j++) {
                u[j] = -u[j];
            }
        }
        return u;
    }

    /** Fits PCA on samples given one array each; see {@link #fit(float[], int, int, int, boolean, double)}. */
    public static Pca fit(float[][] x, int k, boolean whiten, double epsilon) {
        int d = x.length == 0 ? 0 : x[0].length;
        return fit(Matrices.flatten(x, d), x.length, d, k, whiten, epsilon);
    }

    /** The components as {@code k} unit rows of {@code d} floats (row-major {@code k×d}); a copy. */
    public float[] components() {
        return components.clone();
    }

    /** All {@code d} eigenvalues of the training covariance, descending (the variance per component). */
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** The fraction of the total variance that the kept {@code k} components explain. */
    public double explainedVarianceRatio() {
        double kept = 0;
        double total = 0;
        for (int i = 0; i < eigenvalues.length; i++) {
            double v = Math.max(eigenvalues[i], 0);
            total += v;
            if (i < k) {
                kept += v;
            }
        }
        return total == 0 ? 1 : kept / total;
    }

    /** The fitted per-feature mean. */
    public double[] mean() {
        return mean.clone();
    }

    /** Whether components are scaled to unit variance. */
    public boolean whitening() {
        return whiten;
    }

    @Override
    public int inputDim() {
        return mean.length;
    }

    @Override
    public int outputDim() {
        return k;
    }

    @Override
    public float[] apply(float[] x, int n) {
        return Matrices.centredTimes(x, n, mean.length, mean, projection, k);
    }
}
