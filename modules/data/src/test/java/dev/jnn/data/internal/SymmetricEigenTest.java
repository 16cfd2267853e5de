package dev.jnn.data.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SymmetricEigenTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 17, 64})
    void reconstructsARandomSymmetricMatrix(int n) {
        SplittableRandom r = new SplittableRandom(n);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = r.nextDouble(-1, 1);
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
        }
        SymmetricEigen eig = SymmetricEigen.of(a, n);
        for (int k = 1; k < n; k++) {
            assertThat(eig.value(k)).isLessThanOrEqualTo(eig.value(k - 1));
        }
        // A v_k = λ_k v_k and the vectors are orthonormal.
        for (int k = 0; k < n; k++) {
            double[] v = eig.vector(k);
            for (int i = 0; i < n; i++) {
                double av = 0;
                for (int j = 0; j < n; j++) {
                    av += a[i * n + j] * v[j];
                }
                assertThat(av).isCloseTo(eig.value(k) * v[i], within(1e-10));
            }
            for (int m = 0; m < n; m++) {
                double dot = 0;
                double[] w = eig.vector(m);
                for (int j = 0; j < n; j++) {
                    dot += v[j] * w[j];
                }
                assertThat(dot).isCloseTo(k == m ? 1 : 0, within(1e-10));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 9})
    void handlesRepeatedEigenvaluesAndZeroRows(int n) {
        double[] a = new double[n * n];
        for (int i = 0; i < n - 2; i++) {
            a[i * n + i] = 2; // a repeated eigenvalue 2, and two zero rows
        }
        SymmetricEigen eig = SymmetricEigen.of(a, n);
        for (int k = 0; k < n; k++) {
            assertThat(eig.value(k)).isCloseTo(k < n - 2 ? 2 : 0, within(1e-12));
        }
    }
}
