package dev.jnn.data.internal;

/**
 * Eigendecomposition of a real symmetric matrix, {@code A = V diag(λ) Vᵀ}, in double.
 *
 * <p>Householder reduction to tridiagonal form followed by the implicit QL algorithm with Wilkinson
 * shifts (EISPACK's {@code tred2} and {@code tql2}, as in JAMA). This costs about 9n³ flops, against
 * roughly 10 cyclic-Jacobi sweeps of 4n³ each, and is what makes PCA on MNIST (n = 784) take about a
 * second. The QL stage keeps the eigenvectors as rows so each plane rotation touches two contiguous
 * arrays.
 */
public final class SymmetricEigen {
    private final int n;
    private final double[] values;
    private final double[][] vectors; // vectors[k] is the eigenvector of values[k]

    private SymmetricEigen(int n, double[] values, double[][] vectors) {
        this.n = n;
        this.values = values;
        this.vectors = vectors;
    }

    /**
     * Decomposes the symmetric {@code n×n} row-major matrix {@code a} (only read; assumed symmetric).
     *
     * @return eigenvalues in descending order with unit eigenvectors
     */
    public static SymmetricEigen of(double[] a, int n) {
        if (a.length != n * n) {
            throw new IllegalArgumentException("expected " + n + "x" + n + " matrix, got " + a.length + " values");
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a, i * n, v[i], 0, n);
        }
        double[] d = new double[n];
        double[] e = new double[n];
        if (n == 0) {
            return new SymmetricEigen(0, d, v);
        }
        tred2(n, v, d, e);
        double[][] rows = transpose(v, n);
        tql2(n, rows, d, e);
        sortDescending(n, d, rows);
        return new SymmetricEigen(n, d, rows);
    }

    /** Matrix size n. */
    public int size() {
        return n;
    }

    /** Eigenvalue {@code k}, in descending order. */
    public double value(int k) {
        return values[k];
    }

    /** All eigenvalues, descending (a copy). */
    public double[] values() {
        return values.clone();
    }

    /** Unit eigenvector {@code k} (belonging to {@link #value(int)}); a copy. */
    public double[] vector(int k) {
        return vectors[k].clone();
    }

    // Householder tridiagonalisation; on return v holds the accumulated orthogonal transform, d the
    // diagonal and e (from index 1) the sub-diagonal.
    private static void tred2(int n, double[][] v, double[] d, double[] e) {
        System.arraycopy(v[n - 1], 0, d, 0, n);
        for (int i = n - 1; i > 0; i--) {
            double scale = 0;
            double h = 0;
            for (int k = 0; k < i; k++) {
                scale += Math.abs(d[k]);
            }
            if (scale == 0) {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++) {
                    d[j] = v[i - 1][j];
                    v[i][j] = 0;
                    v[j][i] = 0;
                }
            } else {
                for (int k = 0; k < i; k++) {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                double f = d[i - 1];
                double g = Math.sqrt(h);
                if (f > 0) {
                    g = -g;
                }
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; j++) {
                    e[j] = 0;
                }
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    v[j][i] = f;
                    g = e[j] + v[j][j] * f;
                    for (int k = j + 1; k <= i - 1; k++) {
                        g += v[k][j] * d[k];
                        e[k] += v[k][j] * f;
                    }
                    e[j] = g;
                }
                f = 0;
                for (int j = 0; j < i; j++) {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++) {
                    e[j] -= hh * d[j];
                }
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    g = e[j];
                    for (int k = j; k <= i - 1; k++) {
                        v[k][j] -= f * e[k] + g * d[k];
                    }
                    d[j] = v[i - 1][j];
                    v[i][j] = 0;
                }
            }
            d[i] = h;
        }
        accumulate(n, v, d);
        for (int j = 0; j < n; j++) {
            d[j] = v[n - 1][j];
            v[n - 1][j] = 0;
        }
        v[n - 1][n - 1] = 1;
        e[0] = 0;
    }

    private static void accumulate(int n, double[][] v, double[] d) {
        double[] g = new double[n];
        for (int i = 0; i < n - 1; i++) {
            v[n - 1][i] = v[i][i];
            v[i][i] = 1;
            double h = d[i + 1];
            if (h != 0) {
                for (int k = 0; k <= i; k++) {
                    d[k] = v[k][i + 1] / h;
                }
                // g[j] = Σ_k v[k][i+1]·v[k][j], then v[k][j] -= g[j]·d[k]; both loops run over rows k
                // so the inner loops walk contiguous rows instead of columns.
                java.util.Arrays.fill(g, 0, i + 1, 0);
                for (int k = 0; k <= i; k++) {
                    double vk = v[k][i + 1];
                    double[] row = v[k];
                    for (int j = 0; j <= i; j++) {
                        g[j] += vk * row[j];
                    }
                }
                for (int k = 0; k <= i; k++) {
                    double dk = d[k];
                    double[] row = v[k];
                    for (int j = 0; j <= i; j++) {
                        row[j] -= g[j] * dk;
                    }
                }
            }
            for (int k = 0; k <= i; k++) {
                v[k][i + 1] = 0;
            }
        }
    }

    // Implicit QL with shifts on the tridiagonal (d, e); z holds eigenvectors as rows.
    private static void tql2(int n, double[][] z, double[] d, double[] e) {
        for (int i = 1; i < n; i++) {
            e[i - 1] = e[i];
        }
        e[n - 1] = 0;
        double f = 0;
        double tst1 = 0;
        double eps = Math.ulp(1.0);
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n - 1 && Math.abs(e[m]) > eps * tst1) {
                m++;
            }
            if (m > l) {
                int iter = 0;
                do {
                    if (++iter > 60) {
                        throw new ArithmeticException("eigendecomposition did not converge (eigenvalue " + l + ")");
                    }
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Math.hypot(p, 1);
                    if (p < 0) {
                        r = -r;
                    }
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) {
                        d[i] -= h;
                    }
                    f += h;
                    p = d[m];
                    double c = 1;
                    double c2 = c;
                    double c3 = c;
                    double el1 = e[l + 1];
                    double s = 0;
                    double s2 = 0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Math.hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        rotate(z[i], z[i + 1], c, s, n);
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > eps * tst1);
            }
            d[l] += f;
            e[l] = 0;
        }
    }

    private static void rotate(double[] zi, double[] zi1, double c, double s, int n) {
        for (int k = 0; k < n; k++) {
            double h = zi1[k];
            zi1[k] = s * zi[k] + c * h;
            zi[k] = c * zi[k] - s * h;
        }
    }

    private static double[][] transpose(double[][] v, int n) {
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t[j][i] = v[i][j];
            }
        }
        return t;
    }

    private static void sortDescending(int n, double[] d, double[][] rows) {
        // Selection sort: n swaps of row references, negligible next to the decomposition.
        for (int i = 0; i < n - 1; i++) {
            int k = i;
            for (int j = i + 1; j < n; j++) {
                if (d[j] > d[k]) {
                    k = j;
                }
            }
            if (k != i) {
                double t = d[i];
                d[i] = d[k];
                d[k] = t;
                double[] r = rows[i];
                rows[i] = rows[k];
                rows[k] = r;
            }
        }
    }
}
