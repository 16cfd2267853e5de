package dev.jnn.core.spi;

import static dev.jnn.core.spi.HostCopies.read;
import static dev.jnn.core.spi.HostCopies.toFloat;
import static dev.jnn.core.spi.HostCopies.write;

/**
 * The reference convolution kernels: the defaults of {@link ConvolutionOps}, in plain scalar Java on host copies
 * of the operands ({@link HostCopies}). They are the specification every backend is tested against;
 * clarity first, speed never.
 */
final class ConvolutionReference {
    private ConvolutionReference() {
    }

    static void conv2dForward(MemoryOps mem, Conv2dSpec s, TensorView x, TensorView w, TensorView bias, TensorView y) {
        float[] xv = read(mem, x);
        float[] wv = read(mem, w);
        float[] bv = bias == null ? null : read(mem, bias);
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
        write(mem, y, yv);
    }

    static void conv2dBackwardData(MemoryOps mem, Conv2dSpec s, TensorView gy, TensorView w, TensorView gx) {
        float[] g = read(mem, gy);
        float[] wv = read(mem, w);
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
        write(mem, gx, toFloat(acc));
    }

    static void conv2dBackwardWeights(MemoryOps mem, Conv2dSpec s, TensorView x, TensorView gy, TensorView gw, TensorView gb) {
        float[] xv = read(mem, x);
        float[] g = read(mem, gy);
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
        write(mem, gw, toFloat(acc));
        if (gb != null) write(mem, gb, toFloat(bacc));
    }
}
