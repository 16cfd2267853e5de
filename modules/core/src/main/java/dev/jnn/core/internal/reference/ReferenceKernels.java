package dev.jnn.core.internal.reference;

import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.AdamStep;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.ReduceOp;
import dev.jnn.core.spi.SgdStep;
import dev.jnn.core.spi.UnaryOp;

/**
 * The default kernels of the Backend SPI: plain scalar Java on host copies of the data.
 *
 * <p>They are the specification every backend is tested against and what a plugin gets for the
 * kernels it does not implement. Each reads its inputs into arrays, computes, and writes its
 * outputs back, so outputs may alias inputs. Slow by design; clarity first.
 */
public final class ReferenceKernels {
    private ReferenceKernels() {
    }

    private static float[] in(Tensor t) {
        return t.toFloatArray();
    }

    private static void out(Tensor t, float[] v) {
        t.write(v, 0);
    }

    public static void fill(Backend b, Tensor out, float value) {
        float[] v = new float[Math.toIntExact(out.numel())];
        java.util.Arrays.fill(v, value);
        out(out, v);
    }

    public static void copy(Backend b, Tensor src, Tensor out) {
        out(out, in(src));
    }

    public static void unary(Backend b, UnaryOp op, Tensor x, Tensor out) {
        float[] v = in(x);
        for (int i = 0; i < v.length; i++) v[i] = op.apply(v[i]);
        out(out, v);
    }

    public static void unaryBackward(Backend b, UnaryOp op, Tensor x, Tensor y, Tensor gradOut, Tensor gradIn) {
        float[] xv = in(x);
        float[] yv = in(y);
        float[] g = in(gradOut);
        for (int i = 0; i < g.length; i++) g[i] = op.derivative(xv[i], yv[i], g[i]);
        out(gradIn, g);
    }

    public static void binary(Backend b, BinaryOp op, Tensor a, Tensor bt, Tensor out) {
        Shape s = out.shape();
        float[] av = in(a);
        float[] bv = in(bt);
        long[] as = a.shape().broadcastStrides(s);
        long[] bs = bt.shape().broadcastStrides(s);
        float[] o = new float[Math.toIntExact(s.numel())];
        int[] dims = s.dims();
        int[] idx = new int[dims.length];
        for (int i = 0; i < o.length; i++) {
            long ai = 0;
            long bi = 0;
            for (int d = 0; d < dims.length; d++) {
                ai += idx[d] * as[d];
                bi += idx[d] * bs[d];
            }
            o[i] = op.apply(av[(int) ai], bv[(int) bi]);
            increment(idx, dims);
        }
        out(out, o);
    }

    public static void binaryScalar(Backend b, BinaryOp op, Tensor a, float s, Tensor out) {
        float[] v = in(a);
        for (int i = 0; i < v.length; i++) v[i] = op.apply(v[i], s);
        out(out, v);
    }

    public static void axpy(Backend b, float alpha, Tensor x, Tensor y) {
        float[] xv = in(x);
        float[] yv = in(y);
        for (int i = 0; i < yv.length; i++) yv[i] += alpha * xv[i];
        out(y, yv);
    }

    public static void dropout(Backend b, Tensor x, Tensor mask, float scale, Tensor out) {
        float[] xv = in(x);
        float[] m = in(mask);
        for (int i = 0; i < xv.length; i++) xv[i] = xv[i] * m[i] * scale;
        out(out, xv);
    }

    public static void reduce(Backend b, ReduceOp op, Tensor x, int dim, Tensor out) {
        float[] v = in(x);
        int outer = (int) x.shape().outer(dim);
        int n = x.size(dim);
        int inner = (int) x.shape().inner(dim);
        float[] o = new float[outer * inner];
        for (int p = 0; p < outer; p++) {
            for (int q = 0; q < inner; q++) {
                int base = p * n * inner + q;
                double acc = op == ReduceOp.SUM || op == ReduceOp.MEAN ? 0 : v[base];
                int arg = 0;
                for (int i = 0; i < n; i++) {
                    float e = v[base + i * inner];
                    switch (op) {
                        case SUM, MEAN -> acc += e;
                        case MAX -> acc = Math.max(acc, e);
                        case MIN -> acc = Math.min(acc, e);
                        case ARGMAX -> {
                            if (e > acc) {
                                acc = e;
                                arg = i;
                            }
                        }
                        case ARGMIN -> {
                            if (e < acc) {
                                acc = e;
                                arg = i;
                            }
                        }
                    }
                }
                o[p * inner + q] = switch (op) {
                    case MEAN -> (float) (acc / n);
                    case ARGMAX, ARGMIN -> arg;
                    default -> (float) acc;
                };
            }
        }
        out(out, o);
    }

    public static void sumToShape(Backend b, Tensor x, Tensor out) {
        Shape s = x.shape();
        long[] os = out.shape().broadcastStrides(s);
        float[] v = in(x);
        float[] o = new float[Math.toIntExact(out.numel())];
        int[] dims = s.dims();
        int[] idx = new int[dims.length];
        for (int i = 0; i < v.length; i++) {
            long oi = 0;
            for (int d = 0; d < dims.length; d++) oi += idx[d] * os[d];
            o[(int) oi] += v[i];
            increment(idx, dims);
        }
        out(out, o);
    }

    public static void stridedCopy(Backend b, Tensor src, long[] srcStrides, Tensor out) {
        float[] v = in(src);
        int[] dims = out.shape().dims();
        float[] o = new float[Math.toIntExact(out.numel())];
        int[] idx = new int[dims.length];
        for (int i = 0; i < o.length; i++) {
            long si = 0;
            for (int d = 0; d < dims.length; d++) si += idx[d] * srcStrides[d];
            o[i] = v[(int) si];
            increment(idx, dims);
        }
        out(out, o);
    }

    public static void stridedWrite(Backend b, Tensor src, Tensor dst, long dstOffset, long[] dstStrides) {
        float[] v = in(src);
        float[] o = in(dst);
        int[] dims = src.shape().dims();
        int[] idx = new int[dims.length];
        for (int i = 0; i < v.length; i++) {
            long di = dstOffset;
            for (int d = 0; d < dims.length; d++) di += idx[d] * dstStrides[d];
            o[(int) di] = v[i];
            increment(idx, dims);
        }
        out(dst, o);
    }

    public static void indexSelect(Backend b, Tensor x, int dim, Tensor index, Tensor out) {
        float[] v = in(x);
        float[] ix = in(index);
        int outer = (int) x.shape().outer(dim);
        int n = x.size(dim);
        int inner = (int) x.shape().inner(dim);
        float[] o = new float[Math.toIntExact(out.numel())];
        for (int p = 0; p < outer; p++) {
            for (int i = 0; i < ix.length; i++) {
                int k = checkIndex("indexSelect", ix[i], n);
                System.arraycopy(v, (p * n + k) * inner, o, (p * ix.length + i) * inner, inner);
            }
        }
        out(out, o);
    }

    public static void indexAdd(Backend b, Tensor src, int dim, Tensor index, Tensor out) {
        float[] v = in(src);
        float[] ix = in(index);
        float[] o = in(out);
        int outer = (int) out.shape().outer(dim);
        int n = out.size(dim);
        int inner = (int) out.shape().inner(dim);
        for (int p = 0; p < outer; p++) {
            for (int i = 0; i < ix.length; i++) {
                int k = checkIndex("indexAdd", ix[i], n);
                for (int q = 0; q < inner; q++) o[(p * n + k) * inner + q] += v[(p * ix.length + i) * inner + q];
            }
        }
        out(out, o);
    }

    public static void gather(Backend b, Tensor x, int dim, Tensor index, Tensor out) {
        float[] v = in(x);
        float[] ix = in(index);
        float[] o = new float[ix.length];
        int[] dims = index.shape().dims();
        long[] xs = x.shape().strides();
        int[] idx = new int[dims.length];
        for (int i = 0; i < ix.length; i++) {
            long xi = 0;
            for (int d = 0; d < dims.length; d++) {
                int c = d == dim ? checkIndex("gather", ix[i], x.size(dim)) : idx[d];
                xi += c * xs[d];
            }
            o[i] = v[(int) xi];
            increment(idx, dims);
        }
        out(out, o);
    }

    public static void scatterAdd(Backend b, Tensor src, int dim, Tensor index, Tensor out) {
        float[] v = in(src);
        float[] ix = in(index);
        float[] o = in(out);
        int[] dims = index.shape().dims();
        long[] os = out.shape().strides();
        long[] ss = src.shape().strides();
        int[] idx = new int[dims.length];
        for (int i = 0; i < ix.length; i++) {
            long oi = 0;
            long si = 0;
            for (int d = 0; d < dims.length; d++) {
                int c = d == dim ? checkIndex("scatterAdd", ix[i], out.size(dim)) : idx[d];
                oi += c * os[d];
                si += idx[d] * ss[d];
            }
            o[(int) oi] += v[(int) si];
            increment(idx, dims);
        }
        out(out, o);
    }

    public static void gemm(Backend b, boolean transA, boolean transB, float alpha, Tensor a, Tensor bt, float beta, Tensor c) {
        float[] av = in(a);
        float[] bv = in(bt);
        float[] cv = beta == 0f ? new float[Math.toIntExact(c.numel())] : in(c);
        int m = c.size(-2);
        int n = c.size(-1);
        int k = transA ? a.size(-2) : a.size(-1);
        int batches = c.rank() == 3 ? c.size(0) : 1;
        int aStride = a.rank() == 3 ? a.size(1) * a.size(2) : 0;
        int bStride = bt.rank() == 3 ? bt.size(1) * bt.size(2) : 0;
        for (int p = 0; p < batches; p++) {
            int ao = p * aStride;
            int bo = p * bStride;
            int co = p * m * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int q = 0; q < k; q++) {
                        float x = transA ? av[ao + q * m + i] : av[ao + i * k + q];
                        float y = transB ? bv[bo + j * k + q] : bv[bo + q * n + j];
                        s += (double) x * y;
                    }
                    cv[co + i * n + j] = (float) (alpha * s + (beta == 0f ? 0 : beta * cv[co + i * n + j]));
                }
            }
        }
        out(c, cv);
    }

    public static void conv2dForward(Backend be, dev.jnn.core.spi.Conv2dSpec s, Tensor x, Tensor w, Tensor bias, Tensor y) {
        float[] xv = in(x);
        float[] wv = in(w);
        float[] bv = bias == null ? null : in(bias);
        int n = x.size(0), c = x.size(1), h = x.size(2), wd = x.size(3);
        int o = w.size(0), kh = w.size(2), kw = w.size(3);
        int oh = y.size(2), ow = y.size(3);
        float[] yv = new float[Math.toIntExact(y.numel())];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double acc = bv == null ? 0 : bv[oc];
                        for (int ic = 0; ic < c; ic++) {
                            for (int p = 0; p < kh; p++) {
                                int r = i * s.strideH() - s.padH() + p * s.dilationH();
                                if (r < 0 || r >= h) continue;
                                for (int q = 0; q < kw; q++) {
                                    int col = j * s.strideW() - s.padW() + q * s.dilationW();
                                    if (col < 0 || col >= wd) continue;
                                    acc += (double) xv[((b * c + ic) * h + r) * wd + col] * wv[((oc * c + ic) * kh + p) * kw + q];
                                }
                            }
                        }
                        yv[((b * o + oc) * oh + i) * ow + j] = (float) acc;
                    }
                }
            }
        }
        out(y, yv);
    }

    public static void conv2dBackwardData(Backend be, dev.jnn.core.spi.Conv2dSpec s, Tensor gy, Tensor w, Tensor gx) {
        float[] g = in(gy);
        float[] wv = in(w);
        int n = gx.size(0), c = gx.size(1), h = gx.size(2), wd = gx.size(3);
        int o = w.size(0), kh = w.size(2), kw = w.size(3);
        int oh = gy.size(2), ow = gy.size(3);
        double[] acc = new double[Math.toIntExact(gx.numel())];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        float gv = g[((b * o + oc) * oh + i) * ow + j];
                        for (int ic = 0; ic < c; ic++) {
                            for (int p = 0; p < kh; p++) {
                                int r = i * s.strideH() - s.padH() + p * s.dilationH();
                                if (r < 0 || r >= h) continue;
                                for (int q = 0; q < kw; q++) {
                                    int col = j * s.strideW() - s.padW() + q * s.dilationW();
                                    if (col < 0 || col >= wd) continue;
                                    acc[((b * c + ic) * h + r) * wd + col] += (double) gv * wv[((oc * c + ic) * kh + p) * kw + q];
                                }
                            }
                        }
                    }
                }
            }
        }
        out(gx, toFloat(acc));
    }

    public static void conv2dBackwardWeights(Backend be, dev.jnn.core.spi.Conv2dSpec s, Tensor x, Tensor gy, Tensor gw, Tensor gb) {
        float[] xv = in(x);
        float[] g = in(gy);
        int n = x.size(0), c = x.size(1), h = x.size(2), wd = x.size(3);
        int o = gw.size(0), kh = gw.size(2), kw = gw.size(3);
        int oh = gy.size(2), ow = gy.size(3);
        double[] acc = new double[Math.toIntExact(gw.numel())];
        double[] bacc = new double[o];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        float gv = g[((b * o + oc) * oh + i) * ow + j];
                        bacc[oc] += gv;
                        for (int ic = 0; ic < c; ic++) {
                            for (int p = 0; p < kh; p++) {
                                int r = i * s.strideH() - s.padH() + p * s.dilationH();
                                if (r < 0 || r >= h) continue;
                                for (int q = 0; q < kw; q++) {
                                    int col = j * s.strideW() - s.padW() + q * s.dilationW();
                                    if (col < 0 || col >= wd) continue;
                                    acc[((oc * c + ic) * kh + p) * kw + q] += (double) gv * xv[((b * c + ic) * h + r) * wd + col];
                                }
                            }
                        }
                    }
                }
            }
        }
        out(gw, toFloat(acc));
        if (gb != null) out(gb, toFloat(bacc));
    }

    public static void maxPool2dForward(Backend be, dev.jnn.core.spi.Pool2dSpec s, Tensor x, Tensor y, Tensor ws) {
        float[] xv = in(x);
        int planes = x.size(0) * x.size(1), h = x.size(2), w = x.size(3);
        int oh = y.size(2), ow = y.size(3);
        float[] yv = new float[Math.toIntExact(y.numel())];
        float[] idx = new float[yv.length];
        for (int pl = 0; pl < planes; pl++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int arg = -1;
                    for (int p = 0; p < s.kernelH(); p++) {
                        int r = i * s.strideH() - s.padH() + p;
                        if (r < 0 || r >= h) continue;
                        for (int q = 0; q < s.kernelW(); q++) {
                            int col = j * s.strideW() - s.padW() + q;
                            if (col < 0 || col >= w) continue;
                            float v = xv[(pl * h + r) * w + col];
                            if (v > best || arg < 0 || Float.isNaN(v)) {
                                best = v;
                                arg = r * w + col;
                            }
                        }
                    }
                    int o = (pl * oh + i) * ow + j;
                    yv[o] = best;
                    idx[o] = Float.intBitsToFloat(arg);
                }
            }
        }
        out(y, yv);
        if (ws != null) out(ws.narrow(0, 0, yv.length), idx);
    }

    public static void maxPool2dBackward(Backend be, dev.jnn.core.spi.Pool2dSpec s, Tensor x, Tensor gy, Tensor ws, Tensor gx) {
        float[] g = in(gy);
        float[] idx = in(ws.narrow(0, 0, g.length));
        int h = x.size(2), w = x.size(3);
        int plane = gy.size(2) * gy.size(3);
        float[] o = new float[Math.toIntExact(gx.numel())];
        for (int i = 0; i < g.length; i++) {
            int pl = i / plane;
            o[pl * h * w + Float.floatToRawIntBits(idx[i])] += g[i];
        }
        out(gx, o);
    }

    public static void avgPool2dForward(Backend be, dev.jnn.core.spi.Pool2dSpec s, Tensor x, Tensor y) {
        float[] xv = in(x);
        int planes = x.size(0) * x.size(1), h = x.size(2), w = x.size(3);
        int oh = y.size(2), ow = y.size(3);
        float[] yv = new float[Math.toIntExact(y.numel())];
        float div = s.kernelH() * s.kernelW();
        for (int pl = 0; pl < planes; pl++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double acc = 0;
                    for (int p = 0; p < s.kernelH(); p++) {
                        int r = i * s.strideH() - s.padH() + p;
                        if (r < 0 || r >= h) continue;
                        for (int q = 0; q < s.kernelW(); q++) {
                            int col = j * s.strideW() - s.padW() + q;
                            if (col >= 0 && col < w) acc += xv[(pl * h + r) * w + col];
                        }
                    }
                    yv[(pl * oh + i) * ow + j] = (float) (acc / div);
                }
            }
        }
        out(y, yv);
    }

    public static void avgPool2dBackward(Backend be, dev.jnn.core.spi.Pool2dSpec s, Tensor gy, Tensor gx) {
        float[] g = in(gy);
        int planes = gx.size(0) * gx.size(1), h = gx.size(2), w = gx.size(3);
        int oh = gy.size(2), ow = gy.size(3);
        float[] o = new float[Math.toIntExact(gx.numel())];
        float div = s.kernelH() * s.kernelW();
        for (int pl = 0; pl < planes; pl++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    float gv = g[(pl * oh + i) * ow + j] / div;
                    for (int p = 0; p < s.kernelH(); p++) {
                        int r = i * s.strideH() - s.padH() + p;
                        if (r < 0 || r >= h) continue;
                        for (int q = 0; q < s.kernelW(); q++) {
                            int col = j * s.strideW() - s.padW() + q;
                            if (col >= 0 && col < w) o[(pl * h + r) * w + col] += gv;
                        }
                    }
                }
            }
        }
        out(gx, o);
    }

    public static void softmax(Backend be, Tensor x, int dim, boolean log, Tensor y) {
        float[] v = in(x);
        int outer = (int) x.shape().outer(dim), n = x.size(dim), inner = (int) x.shape().inner(dim);
        for (int p = 0; p < outer; p++) {
            for (int q = 0; q < inner; q++) {
                int base = p * n * inner + q;
                float max = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) max = Math.max(max, v[base + i * inner]);
                double sum = 0;
                for (int i = 0; i < n; i++) sum += Math.exp(v[base + i * inner] - max);
                double logSum = Math.log(sum);
                for (int i = 0; i < n; i++) {
                    int at = base + i * inner;
                    v[at] = log ? (float) (v[at] - max - logSum) : (float) (Math.exp(v[at] - max) / sum);
                }
            }
        }
        out(y, v);
    }

    public static void softmaxBackward(Backend be, Tensor y, Tensor gy, int dim, boolean log, Tensor gx) {
        float[] yv = in(y);
        float[] g = in(gy);
        int outer = (int) y.shape().outer(dim), n = y.size(dim), inner = (int) y.shape().inner(dim);
        float[] o = new float[g.length];
        for (int p = 0; p < outer; p++) {
            for (int q = 0; q < inner; q++) {
                int base = p * n * inner + q;
                double dot = 0;
                for (int i = 0; i < n; i++) dot += log ? g[base + i * inner] : (double) g[base + i * inner] * yv[base + i * inner];
                for (int i = 0; i < n; i++) {
                    int at = base + i * inner;
                    o[at] = log ? (float) (g[at] - Math.exp(yv[at]) * dot) : (float) (yv[at] * (g[at] - dot));
                }
            }
        }
        out(gx, o);
    }

    public static void batchNormTraining(Backend be, Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor invStd) {
        float[] v = in(x);
        int n = x.size(0), c = x.size(1), hw = (int) (x.numel() / ((long) n * c));
        float[] gm = gamma == null ? null : in(gamma);
        float[] bt = beta == null ? null : in(beta);
        float[] mo = new float[c];
        float[] io = new float[c];
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) s += v[(b * c + ch) * hw + i];
            double mu = s / ((double) n * hw);
            double sq = 0;
            for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) {
                double d = v[(b * c + ch) * hw + i] - mu;
                sq += d * d;
            }
            double inv = 1.0 / Math.sqrt(sq / ((double) n * hw) + eps);
            mo[ch] = (float) mu;
            io[ch] = (float) inv;
            float ga = gm == null ? 1f : gm[ch];
            float bb = bt == null ? 0f : bt[ch];
            for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) {
                int at = (b * c + ch) * hw + i;
                v[at] = (float) ((v[at] - mu) * inv * ga + bb);
            }
        }
        out(y, v);
        out(mean, mo);
        out(invStd, io);
    }

    public static void batchNormInference(Backend be, Tensor x, Tensor gamma, Tensor beta, Tensor rm, Tensor rv, float eps, Tensor y) {
        float[] v = in(x);
        int n = x.size(0), c = x.size(1), hw = (int) (x.numel() / ((long) n * c));
        float[] gm = gamma == null ? null : in(gamma);
        float[] bt = beta == null ? null : in(beta);
        float[] m = in(rm);
        float[] var = in(rv);
        for (int ch = 0; ch < c; ch++) {
            double inv = 1.0 / Math.sqrt(var[ch] + eps);
            float ga = gm == null ? 1f : gm[ch];
            float bb = bt == null ? 0f : bt[ch];
            for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) {
                int at = (b * c + ch) * hw + i;
                v[at] = (float) ((v[at] - m[ch]) * inv * ga + bb);
            }
        }
        out(y, v);
    }

    public static void batchNormBackward(Backend be, Tensor x, Tensor gy, Tensor gamma, Tensor mean, Tensor invStd, Tensor gx,
                                         Tensor gGamma, Tensor gBeta) {
        float[] v = in(x);
        float[] g = in(gy);
        float[] m = in(mean);
        float[] inv = in(invStd);
        float[] gm = gamma == null ? null : in(gamma);
        int n = x.size(0), c = x.size(1), hw = (int) (x.numel() / ((long) n * c));
        double count = (double) n * hw;
        float[] o = new float[g.length];
        float[] gg = new float[c];
        float[] gbv = new float[c];
        for (int ch = 0; ch < c; ch++) {
            double sumG = 0;
            double sumGX = 0;
            for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) {
                int at = (b * c + ch) * hw + i;
                sumG += g[at];
                sumGX += g[at] * (v[at] - m[ch]) * inv[ch];
            }
            gg[ch] = (float) sumGX;
            gbv[ch] = (float) sumG;
            double ga = gm == null ? 1 : gm[ch];
            for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) {
                int at = (b * c + ch) * hw + i;
                double xhat = (v[at] - m[ch]) * inv[ch];
                o[at] = (float) (ga * inv[ch] / count * (count * g[at] - sumG - xhat * sumGX));
            }
        }
        out(gx, o);
        if (gGamma != null) out(gGamma, gg);
        if (gBeta != null) out(gBeta, gbv);
    }

    public static void crossEntropy(Backend be, Tensor logits, Tensor targets, float smoothing, Tensor loss, Tensor probs) {
        float[] z = in(logits);
        float[] t = in(targets);
        int n = logits.size(0), c = logits.size(1);
        float[] l = new float[n];
        for (int i = 0; i < n; i++) {
            int k = checkIndex("crossEntropy target", t[i], c);
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) max = Math.max(max, z[i * c + j]);
            double sum = 0;
            for (int j = 0; j < c; j++) sum += Math.exp(z[i * c + j] - max);
            double logSum = Math.log(sum) + max;
            double logpT = z[i * c + k] - logSum;
            double sumLogp = 0;
            for (int j = 0; j < c; j++) {
                double logp = z[i * c + j] - logSum;
                sumLogp += logp;
                z[i * c + j] = (float) Math.exp(logp);
            }
            l[i] = (float) (-(1 - smoothing) * logpT - smoothing / c * sumLogp);
        }
        out(loss, l);
        out(probs, z);
    }

    public static void crossEntropyBackward(Backend be, Tensor probs, Tensor targets, float smoothing, Tensor gLoss, Tensor gx) {
        float[] p = in(probs);
        float[] t = in(targets);
        float[] gl = in(gLoss);
        int n = probs.size(0), c = probs.size(1);
        for (int i = 0; i < n; i++) {
            int k = (int) t[i];
            for (int j = 0; j < c; j++) {
                float target = (j == k ? 1 - smoothing : 0) + smoothing / c;
                p[i * c + j] = gl[i] * (p[i * c + j] - target);
            }
        }
        out(gx, p);
    }

    public static void sgdUpdate(Backend be, SgdStep h, Tensor param, Tensor grad, Tensor buf) {
        float[] p = in(param);
        float[] g = in(grad);
        float[] m = buf == null ? null : in(buf);
        for (int i = 0; i < p.length; i++) {
            float d = g[i] + h.weightDecay() * p[i];
            if (m != null) {
                m[i] = h.firstStep() ? d : h.momentum() * m[i] + (1 - h.dampening()) * d;
                d = h.nesterov() ? d + h.momentum() * m[i] : m[i];
            }
            p[i] -= h.lr() * d;
        }
        out(param, p);
        if (buf != null) out(buf, m);
    }

    public static void adamUpdate(Backend be, AdamStep h, Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxSq) {
        float[] p = in(param);
        float[] g = in(grad);
        float[] m = in(expAvg);
        float[] v = in(expAvgSq);
        float[] vmax = maxSq == null ? null : in(maxSq);
        double bc1 = 1 - Math.pow(h.beta1(), h.step());
        double bc2 = 1 - Math.pow(h.beta2(), h.step());
        float stepSize = (float) (h.lr() / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        for (int i = 0; i < p.length; i++) {
            float d = g[i];
            if (h.decoupled()) p[i] *= 1 - h.lr() * h.weightDecay();
            else d += h.weightDecay() * p[i];
            m[i] = h.beta1() * m[i] + (1 - h.beta1()) * d;
            v[i] = h.beta2() * v[i] + (1 - h.beta2()) * d * d;
            float vv = v[i];
            if (vmax != null) {
                vmax[i] = Math.max(vmax[i], v[i]);
                vv = vmax[i];
            }
            float denom = (float) Math.sqrt(vv) / bc2Sqrt + h.eps();
            p[i] -= stepSize * m[i] / denom;
        }
        out(param, p);
        out(expAvg, m);
        out(expAvgSq, v);
        if (vmax != null) out(maxSq, vmax);
    }

    private static int checkIndex(String op, float value, int size) {
        int k = (int) value;
        if (k != value || k < 0 || k >= size) {
            throw new IllegalArgumentException(op + ": index " + value + " is out of range [0, " + size + ")");
        }
        return k;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    /** Advances a row-major multi-index. */
    private static void increment(int[] idx, int[] dims) {
        for (int d = dims.length - 1; d >= 0; d--) {
            if (++idx[d] < dims[d]) return;
            idx[d] = 0;
        }
    }
}
