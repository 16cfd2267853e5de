package dev.jnn.backend.onednn.internal;

import static dev.jnn.backend.onednn.internal.Buffers.assertClose;
import static dev.jnn.backend.onednn.internal.Buffers.normal;
import static dev.jnn.backend.onednn.internal.Buffers.of;
import static dev.jnn.backend.onednn.internal.Buffers.out;
import static dev.jnn.backend.onednn.internal.Buffers.positive;
import static dev.jnn.backend.onednn.internal.Buffers.read;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.backend.onednn.internal.OneDnnBatchNorm.Geometry;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Batch normalisation: training statistics, inference with given statistics, and all three gradients. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneDnnBatchNormTest {
    private static final double TOL = 1e-4;
    private static final float EPS = 1e-5f;
    private static final Geometry[] GEOMETRIES = {
        new Geometry(8, 3, 1), new Geometry(2, 17, 1), new Geometry(4, 5, 9), new Geometry(1, 16, 49),
        new Geometry(3, 7, 10)};

    private OneDnnOps ops;

    @BeforeAll
    void open() {
        assumeTrue(Natives.available(), Natives.reason());
        ops = new OneDnnOps(2);
    }

    @AfterAll
    void close() {
        if (ops != null) ops.close();
    }

    /** Per-channel batch mean and biased variance. */
    private static double[][] stats(Geometry g, float[] x) {
        double[] mean = new double[g.c()];
        double[] var = new double[g.c()];
        double count = (double) g.n() * g.spatial();
        for (int c = 0; c < g.c(); c++) {
            for (int n = 0; n < g.n(); n++) for (int s = 0; s < g.spatial(); s++) mean[c] += x[(int) ((n * g.c() + c) * g.spatial() + s)];
            mean[c] /= count;
            for (int n = 0; n < g.n(); n++) for (int s = 0; s < g.spatial(); s++) {
                double d = x[(int) ((n * g.c() + c) * g.spatial() + s)] - mean[c];
                var[c] += d * d;
            }
            var[c] /= count;
        }
        return new double[][] {mean, var};
    }

    private static double[] normalize(Geometry g, float[] x, double[] mean, double[] var, float[] gamma, float[] beta) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int c = (int) (i / g.spatial() % g.c());
            y[i] = (x[i] - mean[c]) / Math.sqrt(var[c] + EPS) * (gamma == null ? 1 : gamma[c]) + (beta == null ? 0 : beta[c]);
        }
        return y;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    @Test
    void trainingReturnsBatchStatisticsAndNormalizes() {
        for (Geometry g : GEOMETRIES) {
            for (boolean affine : new boolean[] {true, false}) {
                int size = (int) (g.n() * g.c() * g.spatial());
                float[] x = normal(1, size);
                float[] gamma = affine ? normal(2, g.c()) : null;
                float[] beta = affine ? normal(3, g.c()) : null;
                double[][] st = stats(g, x);
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment y = out(a, size);
                    MemorySegment mean = out(a, g.c());
                    MemorySegment var = out(a, g.c());
                    ops.batchNorm().forwardTraining(g, EPS, of(a, x), gamma == null ? null : of(a, gamma),
                            beta == null ? null : of(a, beta), y, mean, var);
                    assertClose(g + " mean", read(mean, g.c()), st[0], TOL);
                    assertClose(g + " variance", read(var, g.c()), st[1], TOL);
                    assertClose(g + " y affine=" + affine, read(y, size), normalize(g, x, st[0], st[1], gamma, beta), TOL);
                }
            }
        }
    }

    @Test
    void inferenceUsesTheGivenStatistics() {
        for (Geometry g : GEOMETRIES) {
            int size = (int) (g.n() * g.c() * g.spatial());
            float[] x = normal(4, size);
            float[] gamma = normal(5, g.c());
            float[] beta = normal(6, g.c());
            float[] mean = normal(7, g.c());
            float[] var = positive(8, g.c());
            double[] md = new double[g.c()];
            double[] vd = new double[g.c()];
            for (int c = 0; c < g.c(); c++) {
                md[c] = mean[c];
                vd[c] = var[c];
            }
            try (Arena a = Arena.ofConfined()) {
                MemorySegment y = out(a, size);
                ops.batchNorm().forwardInference(g, EPS, of(a, x), of(a, gamma), of(a, beta), of(a, mean), of(a, var), y);
                assertClose(g + " inference", read(y, size), normalize(g, x, md, vd, gamma, beta), TOL);
            }
        }
    }

    @Test
    void backwardGivesInputScaleAndShiftGradients() {
        for (Geometry g : GEOMETRIES) {
            int size = (int) (g.n() * g.c() * g.spatial());
            float[] x = normal(9, size);
            float[] gy = normal(10, size);
            float[] gamma = normal(11, g.c());
            double[][] st = stats(g, x);
            double count = (double) g.n() * g.spatial();
            double[] gx = new double[size];
            double[] gGamma = new double[g.c()];
            double[] gBeta = new double[g.c()];
            for (int i = 0; i < size; i++) {
                int c = (int) (i / g.spatial() % g.c());
                double xhat = (x[i] - st[0][c]) / Math.sqrt(st[1][c] + EPS);
                gGamma[c] += gy[i] * xhat;
                gBeta[c] += gy[i];
            }
            for (int i = 0; i < size; i++) {
                int c = (int) (i / g.spatial() % g.c());
                double inv = 1 / Math.sqrt(st[1][c] + EPS);
                double xhat = (x[i] - st[0][c]) * inv;
                gx[i] = gamma[c] * inv / count * (count * gy[i] - gBeta[c] - xhat * gGamma[c]);
            }
            try (Arena a = Arena.ofConfined()) {
                MemorySegment mean = of(a, toFloat(st[0]));
                MemorySegment var = of(a, toFloat(st[1]));
                MemorySegment gxOut = out(a, size);
                MemorySegment ggOut = out(a, g.c());
                MemorySegment gbOut = out(a, g.c());
                ops.batchNorm().backward(g, EPS, of(a, x), of(a, gy), of(a, gamma), mean, var, gxOut, ggOut, gbOut);
                assertClose(g + " diff src", read(gxOut, size), gx, TOL);
                assertClose(g + " diff scale", read(ggOut, g.c()), gGamma, TOL);
                assertClose(g + " diff shift", read(gbOut, g.c()), gBeta, TOL);
                // Scale given but its gradient not wanted, and no affine transform at all.
                MemorySegment gxOnly = out(a, size);
                ops.batchNorm().backward(g, EPS, of(a, x), of(a, gy), of(a, gamma), mean, var, gxOnly, null, null);
                assertClose(g + " diff src only", read(gxOnly, size), gx, TOL);
                double[] gxPlain = new double[size];
                for (int i = 0; i < size; i++) gxPlain[i] = gx[i] / gamma[(int) (i / g.spatial() % g.c())];
                MemorySegment gxNoAffine = out(a, size);
                ops.batchNorm().backward(g, EPS, of(a, x), of(a, gy), null, mean, var, gxNoAffine, null, null);
                assertClose(g + " diff src without gamma", read(gxNoAffine, size), gxPlain, TOL);
            }
        }
    }
}
