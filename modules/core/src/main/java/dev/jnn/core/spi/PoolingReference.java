package dev.jnn.core.spi;

import static dev.jnn.core.spi.HostCopies.read;
import static dev.jnn.core.spi.HostCopies.write;

/**
 * The reference pooling kernels: the defaults of {@link PoolingOps}, in plain scalar Java on host copies
 * of the operands ({@link HostCopies}). They are the specification every backend is tested against;
 * clarity first, speed never.
 */
final class PoolingReference {
    private PoolingReference() {
    }

    static void maxPool2dForward(MemoryOps mem, Pool2dSpec s, TensorView x, TensorView y, TensorView ws) {
        float[] xv = read(mem, x);
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
        write(mem, y, yv);
        if (ws != null) write(mem, ws, idx);   // the first y.numel() elements of the workspace
    }

    static void maxPool2dBackward(MemoryOps mem, Pool2dSpec s, TensorView x, TensorView gy, TensorView ws, TensorView gx) {
        float[] g = read(mem, gy);
        float[] idx = read(mem, ws, g.length);
        int h = x.size(2), w = x.size(3);
        int plane = gy.size(2) * gy.size(3);
        float[] o = new float[Math.toIntExact(gx.numel())];
        for (int i = 0; i < g.length; i++) {
            int pl = i / plane;
            o[pl * h * w + Float.floatToRawIntBits(idx[i])] += g[i];
        }
        write(mem, gx, o);
    }

    static void avgPool2dForward(MemoryOps mem, Pool2dSpec s, TensorView x, TensorView y) {
        float[] xv = read(mem, x);
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
        write(mem, y, yv);
    }

    static void avgPool2dBackward(MemoryOps mem, Pool2dSpec s, TensorView gy, TensorView gx) {
        float[] g = read(mem, gy);
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
        write(mem, gx, o);
    }
}
