package dev.jnn.data.preprocess;

/**
 * A preprocessing step fitted on a training set and applied to any split: samples are rows of
 * {@link #inputDim()} floats, flat and row-major ({@code float[n*d]}) or one array per sample.
 * Fitted instances are immutable and thread-safe.
 */
public interface Preprocessor {
    /** Features per input sample. */
    int inputDim();

    /** Features per output sample. */
    int outputDim();

    /**
     * Applies the step to {@code n} samples.
     *
     * @param x {@code n*inputDim()} floats, row-major; not changed
     * @return a new array of {@code n*outputDim()} floats
     */
    float[] apply(float[] x, int n);

    /** Applies the step to samples given one array each; returns new arrays. */
    default float[][] apply(float[][] x) {
        float[] out = apply(Matrices.flatten(x, inputDim()), x.length);
        return Matrices.unflatten(out, x.length, outputDim());
    }
}
