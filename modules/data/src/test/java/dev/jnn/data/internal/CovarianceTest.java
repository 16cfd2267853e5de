package dev.jnn.data.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CovarianceTest {
    /** Both paths (sparse: most values 0; dense: none) against the textbook two-pass formula. */
    @ParameterizedTest
    @CsvSource({"0.8, 13", "0.0, 13", "0.8, 5", "0.3, 67"})
    void matchesTheTwoPassFormula(double zeroFraction, int d) {
        int n = 301;
        SplittableRandom r = new SplittableRandom(d);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble() < zeroFraction ? 0f : (float) r.nextDouble(0.01, 1);
        }
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[i * d + j] / (double) n;
            }
        }
        double[] c = Covariance.of(x, n, d, mean);
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                double expected = 0;
                for (int i = 0; i < n; i++) {
                    expected += (x[i * d + a] - mean[a]) * (x[i * d + b] - mean[b]);
                }
                expected /= n - 1;
                assertThat(c[a * d + b]).as("C[%d][%d]", a, b).isCloseTo(expected, within(1e-12));
            }
        }
    }
}
