package dev.jnn.data.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PreprocessTest {
    private static final int N = 4000;
    private static final int D = 7;

    /** Correlated Gaussian data: z ~ N(0, I) mixed by a fixed matrix, plus a mean offset. */
    private static float[] correlated(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] mix = new double[D][D];
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                mix[i][j] = (i == j ? 2 : 0) + 0.8 * Math.sin(1 + i * 3 + j * 5);
            }
        }
        float[] x = new float[N * D];
        double[] z = new double[D];
        for (int n = 0; n < N; n++) {
            for (int j = 0; j < D; j++) {
                z[j] = gaussian(r);
            }
            for (int i = 0; i < D; i++) {
                double v = 3 + i;
                for (int j = 0; j < D; j++) {
                    v += mix[i][j] * z[j];
                }
                x[n * D + i] = (float) v;
            }
        }
        return x;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** Sample covariance (divisor n-1) of n rows of d, in double. */
    static double[][] covariance(float[] x, int n, int d) {
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[i * d + j] / (double) n;
            }
        }
        double[][] c = new double[d][d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    c[a][b] += (x[i * d + a] - mean[a]) * (x[i * d + b] - mean[b]) / (n - 1);
                }
            }
        }
        return c;
    }

    private static void assertIdentity(double[][] c, double tol) {
        for (int a = 0; a < c.length; a++) {
            for (int b = 0; b < c.length; b++) {
                assertThat(c[a][b]).as("cov[%d][%d]", a, b).isCloseTo(a == b ? 1 : 0, within(tol));
            }
        }
    }

    @Test
    void zcaWhitenedDataHasIdentityCovarianceAndStaysInPlace() {
        float[] x = correlated(1);
        assertThat(Math.abs(covariance(x, N, D)[0][1])).isGreaterThan(0.3); // really correlated
        ZcaWhitening zca = ZcaWhitening.fit(x, N, D, 0);
        assertIdentity(covariance(zca.apply(x, N), N, D), 1e-3);
        float[] w = zca.matrix();
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                assertThat(w[i * D + j]).isCloseTo(w[j * D + i], within(1e-5f)); // ZCA's W is symmetric
            }
        }
    }

    @Test
    void pcaComponentsAreOrthonormalAndOrderedByVariance() {
        float[] x = correlated(2);
        Pca pca = Pca.fit(x, N, D, 4, false, 0);
        float[] u = pca.components();
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                double dot = 0;
                for (int j = 0; j < D; j++) {
                    dot += u[a * D + j] * u[b * D + j];
                }
                assertThat(dot).isCloseTo(a == b ? 1 : 0, within(1e-5));
            }
        }
        double[][] c = covariance(pca.apply(x, N), N, 4);
        double[] ev = pca.eigenvalues();
        for (int a = 0; a < 4; a++) {
            assertThat(c[a][a]).isCloseTo(ev[a], within(1e-3 * ev[a]));
            for (int b = 0; b < 4; b++) {
                if (a != b) {
                    assertThat(c[a][b]).isCloseTo(0, within(1e-3 * ev[0]));
                }
            }
        }
        for (int a = 1; a < D; a++) {
            assertThat(ev[a]).isLessThanOrEqualTo(ev[a - 1]);
        }
        assertThat(pca.explainedVarianceRatio()).isBetween(0.5, 1.0);
    }

    @Test
    void pcaWhiteningGivesUnitCovariance() {
        float[] x = correlated(3);
        Pca pca = Pca.fit(x, N, D, D, true, 0);
        assertIdentity(covariance(pca.apply(x, N), N, D), 1e-3);
    }

    @Test
    void pcaRecoversAKnownEigenbasis() {
        // Two features, x1 = t, x2 = t + small noise: the first component is (1, 1)/sqrt(2).
        SplittableRandom r = new SplittableRandom(4);
        float[] x = new float[2 * 2000];
        for (int n = 0; n < 2000; n++) {
            double t = gaussian(r) * 3;
            x[2 * n] = (float) t;
            x[2 * n + 1] = (float) (t + 0.01 * gaussian(r));
        }
        float[] u = Pca.fit(x, 2000, 2, 1, false, 0).components();
        assertThat((double) u[0]).isCloseTo(Math.sqrt(0.5), within(1e-3));
        assertThat((double) u[1]).isCloseTo(Math.sqrt(0.5), within(1e-3));
    }

    @Test
    void centeringAndStandardizationAreFittedOnTrainAndAppliedToOtherSplits() {
        float[][] train = {{1, 10, 5}, {3, 30, 5}};
        MeanCentering mc = MeanCentering.fit(train);
        assertThat(mc.apply(new float[][] {{2, 20, 5}, {4, 0, 6}}))
                .isDeepEqualTo(new float[][] {{0, 0, 0}, {2, -20, 1}});
        Standardization st = Standardization.fit(new float[] {1, 10, 5, 3, 30, 5}, 2, 3, 0);
        assertThat(st.std()).containsExactly(1, 10, 0);
        assertThat(st.apply(new float[] {4, 0, 7}, 1)).containsExactly(2f, -2f, 0f); // constant feature maps to 0
    }
}
