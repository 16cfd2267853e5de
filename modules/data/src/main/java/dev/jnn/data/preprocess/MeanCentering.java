package dev.jnn.data.preprocess;

/** Subtracts the training set's per-feature mean: {@code y = x - mean}. */
public final class MeanCentering implements Preprocessor {
    private final double[] mean;

    private MeanCentering(double[] mean) {
        this.mean = mean;
    }

    /** Fits the mean on {@code n} training samples of {@code d} features ({@code x} row-major). */
    public static MeanCentering fit(float[] x, int n, int d) {
        return new MeanCentering(Matrices.mean(x, n, d));
    }

    /** Fits the mean on training samples given one array each. */
    public static MeanCentering fit(float[][] x) {
        int d = x.length == 0 ? 0 : x[0].length;
        return fit(Matrices.flatten(x, d), x.length, d);
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
        int d = mean.length;
        Matrices.checkShape(x, n, d);
        float[] out = new float[x.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (float) (x[i * d + j] - mean[j]);
            }
        }
        return out;
    }
}
