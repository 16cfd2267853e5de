package dev.jnn.backend.onednn.internal;

/** Straightforward double-precision reference implementations of the ops under test. */
final class NaiveReference {
    private NaiveReference() {
    }

    static double[] convForward(OneDnnConvolution.Geometry g, float[] x, float[] w, float[] b, boolean relu) {
        int oh = g.oh(), ow = g.ow();
        double[] y = new double[g.n() * g.o() * oh * ow];
        for (int n = 0; n < g.n(); n++) for (int o = 0; o < g.o(); o++) for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++) {
            double acc = b == null ? 0 : b[o];
            for (int c = 0; c < g.c(); c++) for (int p = 0; p < g.kh(); p++) for (int q = 0; q < g.kw(); q++) {
                int r = i * g.strideH() - g.padH() + p * g.dilationH();
                int s = j * g.strideW() - g.padW() + q * g.dilationW();
                if (r < 0 || r >= g.h() || s < 0 || s >= g.w()) continue;
                acc += (double) x[((n * g.c() + c) * g.h() + r) * g.w() + s] * w[((o * g.c() + c) * g.kh() + p) * g.kw() + q];
            }
            y[((n * g.o() + o) * oh + i) * ow + j] = relu ? Math.max(0, acc) : acc;
        }
        return y;
    }

    /** Input gradient (when gx is not null) and weight/bias gradients of the convolution. */
    static void convBackward(OneDnnConvolution.Geometry g, float[] x, float[] w, float[] gy, double[] gx, double[] gw, double[] gb) {
        int oh = g.oh(), ow = g.ow();
        for (int n = 0; n < g.n(); n++) for (int o = 0; o < g.o(); o++) for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++) {
            double d = gy[((n * g.o() + o) * oh + i) * ow + j];
            if (gb != null) gb[o] += d;
            for (int c = 0; c < g.c(); c++) for (int p = 0; p < g.kh(); p++) for (int q = 0; q < g.kw(); q++) {
                int r = i * g.strideH() - g.padH() + p * g.dilationH();
                int s = j * g.strideW() - g.padW() + q * g.dilationW();
                if (r < 0 || r >= g.h() || s < 0 || s >= g.w()) continue;
                int xi = ((n * g.c() + c) * g.h() + r) * g.w() + s;
                int wi = ((o * g.c() + c) * g.kh() + p) * g.kw() + q;
                if (gx != null) gx[xi] += d * w[wi];
                if (gw != null) gw[wi] += d * x[xi];
            }
        }
    }

    static double[] linear(int n, int in, int out, float[] x, float[] w, float[] b, boolean relu) {
        double[] y = new double[n * out];
        for (int i = 0; i < n; i++) for (int o = 0; o < out; o++) {
            double acc = b == null ? 0 : b[o];
            for (int k = 0; k < in; k++) acc += (double) x[i * in + k] * w[o * in + k];
            y[i * out + o] = relu ? Math.max(0, acc) : acc;
        }
        return y;
    }

    /** Average pooling, padding counted in the divisor. */
    static double[] avgPool(OneDnnPooling.Geometry g, float[] x) {
        int oh = g.oh(), ow = g.ow();
        double[] y = new double[g.n() * g.c() * oh * ow];
        for (int pl = 0; pl < g.n() * g.c(); pl++) for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++) {
            double sum = 0;
            for (int p = 0; p < g.kh(); p++) for (int q = 0; q < g.kw(); q++) {
                int r = i * g.strideH() - g.padH() + p, s = j * g.strideW() - g.padW() + q;
                if (r >= 0 && r < g.h() && s >= 0 && s < g.w()) sum += x[(pl * g.h() + r) * g.w() + s];
            }
            y[(pl * oh + i) * ow + j] = sum / (g.kh() * g.kw());
        }
        return y;
    }

    static double[] avgPoolBackward(OneDnnPooling.Geometry g, float[] gy) {
        int oh = g.oh(), ow = g.ow();
        double[] gx = new double[g.n() * g.c() * g.h() * g.w()];
        for (int pl = 0; pl < g.n() * g.c(); pl++) for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++) {
            double d = gy[(pl * oh + i) * ow + j] / (g.kh() * g.kw());
            for (int p = 0; p < g.kh(); p++) for (int q = 0; q < g.kw(); q++) {
                int r = i * g.strideH() - g.padH() + p, s = j * g.strideW() - g.padW() + q;
                if (r >= 0 && r < g.h() && s >= 0 && s < g.w()) gx[(pl * g.h() + r) * g.w() + s] += d;
            }
        }
        return gx;
    }

    /** Softmax over the middle of [outer, n, inner], or its log. */
    static double[] softmax(int outer, int n, int inner, boolean log, float[] x) {
        double[] y = new double[x.length];
        for (int p = 0; p < outer; p++) for (int q = 0; q < inner; q++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int i = 0; i < n; i++) max = Math.max(max, x[(p * n + i) * inner + q]);
            for (int i = 0; i < n; i++) sum += Math.exp(x[(p * n + i) * inner + q] - max);
            for (int i = 0; i < n; i++) {
                int at = (p * n + i) * inner + q;
                y[at] = log ? x[at] - max - Math.log(sum) : Math.exp(x[at] - max) / sum;
            }
        }
        return y;
    }

    static double[] softmaxBackward(int outer, int n, int inner, boolean log, float[] y, float[] gy) {
        double[] gx = new double[y.length];
        for (int p = 0; p < outer; p++) for (int q = 0; q < inner; q++) {
            double dot = 0;
            for (int i = 0; i < n; i++) {
                int at = (p * n + i) * inner + q;
                dot += log ? gy[at] : (double) gy[at] * y[at];
            }
            for (int i = 0; i < n; i++) {
                int at = (p * n + i) * inner + q;
                gx[at] = log ? gy[at] - Math.exp(y[at]) * dot : y[at] * (gy[at] - dot);
            }
        }
        return gx;
    }
}
