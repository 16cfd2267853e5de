package dev.jnn.data.preprocess;

/**
 * Scales each feature to zero mean and unit variance on the training set:
 * {@code y = (x - mean) / (std + epsilon)}, with the population standard deviation (divisor n).
 * {@code epsilon} keeps constant features (MNIST's blank border pixels) finite: they map to 0.
 */
public final class Standardization implements Preprocessor {
    private final double[] mean;
    private final double[] std;
    private final double epsilon;

    private Standardization(double[] mean, double[] std, double epsilon) {
        this.mean = mean;
        this.std = std;
        this.epsilon = epsilon;
    }

    /**
     * Fits mean and standard deviation on {@code n} samples of {@code d} features.
     *
     * @param epsilon added to every std, at least 0 (1e-8 is typical)
     */
    public static Standardization fit(float[] x, int n, int d, double epsilon) {
        if (!(epsilon >= 0)) {
            throw new IllegalArgumentException("epsilon must be >= 0, got " + epsilon);
        }
        double[] mean = Matrices.mean(x, n, d);
        double[] var = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double c = x[i * d + j] - mean[j];
                var[j] += c * c;
            }
        }
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(var[j] / n);
        }
        return new Standardization(mean, std, epsilon);
    }

    /** The fitted per-feature mean. */
    public double[] mean() {
        return mean.clone();
    }

    /** The fitted per-feature standard deviation (divisor n). */
    public double[] std() {
        return std.clone();
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
        int d = mean.length;
        Matrices.checkShape(x, n, d);
        float[] out = new float[x.length];
        for (int j = 0; j < d; j++) {
            double denom = std[j] + epsilon;
            double scale = denom == 0 ? 0 : 1 / denom;
            for (int i = 0; i < n; i++) {
                out[i * d + j] = (float) ((x[i * d + j] - mean[j]) * scale);
            }
        }
        return out;
    }
}
