package dev.jnn.core;

import dev.jnn.core.spi.Backend;

/** Matrix products and the matrix inverse, with gradients. */
final class Matmul {
    private Matmul() {
    }

    static Tensor matmul(Tensor a, Tensor b) {
        Elementwise.checkSameBackend("matmul", a, b);
        if (a.rank() == 1) return matmul(a.unsqueeze(0), b).squeeze(-2);
        if (b.rank() == 1) return matmul(a, b.unsqueeze(1)).squeeze(-1);
        if (a.rank() > 3 || b.rank() > 3) {
            throw new IllegalArgumentException("matmul: supports up to 3-d operands, got " + a.shape() + " and " + b.shape());
        }
        int m = a.size(-2);
        int k = a.size(-1);
        int n = b.size(-1);
        if (b.size(-2) != k || (a.rank() == 3 && b.rank() == 3 && a.size(0) != b.size(0))) {
            throw new IllegalArgumentException("matmul: shapes " + a.shape() + " and " + b.shape() + " do not multiply");
        }
        Shape outShape = a.rank() == 3 ? Shape.of(a.size(0), m, n) : b.rank() == 3 ? Shape.of(b.size(0), m, n) : Shape.of(m, n);
        Backend be = a.backend();
        Tensor out = a.newEmpty(outShape);
        be.gemm(false, false, 1f, a, b, 0f, out);
        return Node.record("MmBackward", out, g -> {
            Tensor ga = null;
            Tensor gb = null;
            if (a.requiresGrad()) {
                // dA = dC · Bᵀ, summed over the batch when A was shared by every batch.
                Tensor full = a.newEmpty(outShape.with(-1, k));
                be.gemm(false, true, 1f, g, b, 0f, full);
                ga = a.rank() == full.rank() ? full : full.sum(0, false);
            }
            if (b.requiresGrad()) {
                Tensor full = b.newEmpty(outShape.with(-2, k));
                be.gemm(true, false, 1f, a, g, 0f, full);
                gb = b.rank() == full.rank() ? full : full.sum(0, false);
            }
            return new Tensor[] {ga, gb};
        }, a, b);
    }

    static Tensor inverse(Tensor a) {
        if (a.rank() != 2 || a.size(0) != a.size(1)) {
            throw new IllegalArgumentException("inverse: expects a square 2-d matrix, got " + a.shape());
        }
        int n = a.size(0);
        float[] v = a.toFloatArray();
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) m[i][j] = v[i * n + j];
            m[i][n + i] = 1;
        }
        // Gauss-Jordan elimination with partial pivoting.
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
            if (Math.abs(m[p][c]) < 1e-300) throw new IllegalArgumentException("inverse: matrix " + a.shape() + " is singular");
            double[] tmp = m[c];
            m[c] = m[p];
            m[p] = tmp;
            double piv = m[c][c];
            for (int j = 0; j < 2 * n; j++) m[c][j] /= piv;
            for (int r = 0; r < n; r++) {
                if (r == c || m[r][c] == 0) continue;
                double f = m[r][c];
                for (int j = 0; j < 2 * n; j++) m[r][j] -= f * m[c][j];
            }
        }
        float[] inv = new float[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) inv[i * n + j] = (float) m[i][n + j];
        Tensor out = Tensor.of(a.backend(), inv, a.shape());
        // d(A⁻¹) = -A⁻ᵀ · dY · A⁻ᵀ
        return Node.record("LinalgInvBackward", out, g -> {
            Tensor it = out.t();
            return new Tensor[] {it.matmul(g).matmul(it).neg()};
        }, a);
    }
}
