package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Direct convolution over rows of output pixels, for stride 1 and no dilation (every convolution of
 * the seeds' CNNs): no im2col matrix and no packing of one. Each image is copied once into a
 * zero-bordered copy whose rows are wide enough for whole vectors; a register tile
 * ({@link ConvRowTiles}) then computes R output channels times two vectors of output pixels,
 * adding for every tap (input channel, kernel row, kernel column) a broadcast weight times the
 * input vector under it. Every weight is used for two vectors and every input vector for R
 * channels, so the loop is bound by its multiply-adds, not by loads.
 *
 * <p>The input gradient is the same computation on the output gradient (padded by kernel - 1 -
 * padding) with the weights flipped and their channels swapped. Images are independent, so
 * results do not depend on the thread count.
 */
public final class ConvRows {
    /** Row counts of the available tiles, largest first: 2R accumulators plus three registers. */
    private static final int[] TILE_ROWS = L >= 16 ? new int[] {12, 8, 6, 4} : new int[] {6, 4};

    private ConvRows() {
    }

    /** Whether the geometry is one these kernels handle: stride 1, dilation 1. */
    public static boolean suits(Conv2dGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1 && g.dilationH() == 1 && g.dilationW() == 1;
    }

    /**
     * {@code y = conv(x, w) + bias}, then ReLU when {@code relu}; weights OIHW, bias may be null.
     *
     * @throws IllegalArgumentException if the geometry does not {@linkplain #suits suit} these kernels
     */
    public static void forward(Conv2dGeometry g, MemorySegment x, long xOff, MemorySegment w, long wOff, MemorySegment bias,
                               long biasOff, boolean relu, MemorySegment y, long yOff, Parallel par) {
        if (!suits(g)) throw new IllegalArgumentException("direct row convolution needs stride 1 and dilation 1: " + g);
        Plan p = new Plan(g.inChannels(), g.inHeight(), g.inWidth(), g.outChannels(), g.kernelH(), g.kernelW(), g.padH(),
                g.padW());
        float[] wr = p.packWeights(Scratch.array(Scratch.WEIGHTS, p.packedWeights()), (s, co) ->
                Simd.get(w, wOff + (long) co * p.taps + s));
        run(p, g.batch(), x, xOff, g.inImage(), wr, bias, biasOff, relu, y, yOff, g.outImage(), par);
    }

    /**
     * {@code dx}: the input gradient of {@link #forward} from {@code dy} and the weights.
     *
     * @throws IllegalArgumentException if the geometry does not {@linkplain #suitsData suit} this kernel
     */
    public static void backwardData(Conv2dGeometry g, MemorySegment dy, long dyOff, MemorySegment w, long wOff,
                                    MemorySegment dx, long dxOff, Parallel par) {
        if (!suitsData(g)) throw new IllegalArgumentException("direct input gradient needs stride 1, dilation 1, padding < kernel: " + g);
        int kh = g.kernelH(), kw = g.kernelW(), cin = g.inChannels(), cout = g.outChannels();
        // dx[ci][i][j] = sum over co, a, b of dy[co][i + pad - a][j + pad - b] * w[co][ci][a][b]: a convolution of dy
        // padded by k - 1 - pad with w'[ci][co][kh - 1 - a][kw - 1 - b].
        Plan p = new Plan(cout, g.outHeight(), g.outWidth(), cin, kh, kw, kh - 1 - g.padH(), kw - 1 - g.padW());
        float[] wr = p.packWeights(Scratch.array(Scratch.WEIGHTS, p.packedWeights()), (s, ci) -> {
            int co = s / (kh * kw), a = kh - 1 - s / kw % kh, c = kw - 1 - s % kw;
            return Simd.get(w, wOff + ((long) (co * cin + ci) * kh + a) * kw + c);
        });
        run(p, g.batch(), dy, dyOff, g.outImage(), wr, null, 0, false, dx, dxOff, g.inImage(), par);
    }

    /**
     * Whether the input gradient has a direct kernel here: {@link #suits}, and padding below the
     * kernel size (the gradient is a convolution padded by kernel - 1 - padding, which must not be
     * negative).
     */
    public static boolean suitsData(Conv2dGeometry g) {
        return suits(g) && g.padH() < g.kernelH() && g.padW() < g.kernelW();
    }

    /** Whether the weight gradient has a direct kernel here: {@link #suits}, and kernels 5 columns wide. */
    public static boolean suitsWeights(Conv2dGeometry g) {
        return suits(g) && g.kernelW() == ConvWeightTile.T;
    }

    /** Images per chunk of the weight gradient: their padded input and gradient stay in L1 (about 26 KB for the cnn's conv2). */
    private static final int CHUNK = 2;

    /**
     * {@code dw}, the weight gradient, summed over the batch: for each output channel, input channel
     * and kernel position, the sum over images and pixels of the output gradient times the input
     * under it. Tiles of {@link ConvWeightTile#R} output channels times the kernel's columns keep
     * lane-wise partial sums in an array; a thread takes a fixed share of the tiles and walks the
     * batch a few images at a time (padded into rows of whole vectors, zeros past each row of the
     * output gradient), so that what a tile reads stays in the first-level cache, and reduces each
     * partial vector once at the end. Each weight's sum runs in one fixed order, whatever the
     * thread count.
     *
     * @throws IllegalArgumentException if the geometry does not {@linkplain #suitsWeights suit} this kernel
     */
    public static void backwardWeights(Conv2dGeometry g, MemorySegment x, long xOff, MemorySegment dy, long dyOff,
                                       MemorySegment dw, long dwOff, Parallel par) {
        if (!suitsWeights(g)) throw new IllegalArgumentException("direct weight gradient needs stride 1, dilation 1, width 5: " + g);
        if (g.batch() == 0) {
            Blas1.fill(g.weightSize(), 0f, dw, dwOff, par);
            return;
        }
        Plan p = new Plan(g.inChannels(), g.inHeight(), g.inWidth(), g.outChannels(), g.kernelH(), g.kernelW(), g.padH(),
                g.padW());
        int r = ConvWeightTile.R, t = ConvWeightTile.T;
        int blocks = (p.cout + r - 1) / r;
        int tiles = p.cin * p.kh * blocks;
        int vl = p.vecs * L;
        int xImage = p.cin * p.plane;
        int dImage = blocks * r * p.oh * vl;
        int tileFloats = r * t * L;
        int perThread = (tiles + par.threads() - 1) / par.threads();
        par.forRange(tiles, perThread, (from, to) -> {
            float[] xp = Scratch.array(Scratch.BATCH_INPUT, CHUNK * xImage + L);
            float[] dp = Scratch.array(Scratch.BATCH_GRAD, CHUNK * dImage);
            float[] acc = Scratch.array(Scratch.COLUMNS, (int) (to - from) * tileFloats);
            int[] at = Scratch.ints(2 * CHUNK * p.oh * p.vecs);
            Arrays.fill(acc, 0, (int) (to - from) * tileFloats, 0f);
            for (int n0 = 0; n0 < g.batch(); n0 += CHUNK) {
                int images = Math.min(CHUNK, g.batch() - n0);
                int steps = 0;
                for (int m = 0; m < images; m++) {
                    long n = n0 + m;
                    Arrays.fill(xp, m * xImage, (m + 1) * xImage, 0f);
                    p.padInput(x, xOff + n * g.inImage(), xp, m * xImage);
                    // Rows of whole vectors, zero past the row, so that the padding lanes add nothing.
                    copyRows(dy, dyOff + n * g.outImage(), p.ow, p.cout * p.oh, dp, m * dImage, vl, vl - p.ow);
                    Arrays.fill(dp, m * dImage + p.cout * p.oh * vl, (m + 1) * dImage, 0f);
                    for (int row = 0; row < p.oh; row++) {
                        for (int v = 0; v < p.vecs; v++, steps++) {
                            at[2 * steps] = m * xImage + row * p.rowWidth + v * L;
                            at[2 * steps + 1] = m * dImage + row * vl + v * L;
                        }
                    }
                }
                for (long tile = from; tile < to; tile++) {
                    int block = (int) (tile % blocks);
                    int ci = (int) (tile / blocks / p.kh);
                    int a = (int) (tile / blocks % p.kh);
                    ConvWeightTile.accumulate(xp, at, (ci * p.rows + a) * p.rowWidth, dp, block * r * p.oh * vl, p.oh * vl,
                            steps, acc, (int) (tile - from) * tileFloats);
                }
            }
            for (long tile = from; tile < to; tile++) {
                int block = (int) (tile % blocks);
                int ci = (int) (tile / blocks / p.kh);
                int a = (int) (tile / blocks % p.kh);
                int base = (int) (tile - from) * tileFloats;
                for (int j = 0; j < r && block * r + j < p.cout; j++) {
                    long dst = dwOff + (((long) (block * r + j) * p.cin + ci) * p.kh + a) * p.kw;
                    for (int c = 0; c < t; c++) Simd.set(dw, dst + c, ConvWeightTile.pairwiseSum(acc, base + (j * t + c) * L));
                }
            }
        });
    }

    /** Every image of the batch through {@link Plan#image}, in parallel over images. */
    private static void run(Plan p, int batch, MemorySegment x, long xOff, long xImage, float[] wr, MemorySegment bias,
                            long biasOff, boolean relu, MemorySegment y, long yOff, long yImage, Parallel par) {
        par.forRangeBalanced(batch, 1, (from, to) -> {
            float[] xp = Scratch.array(Scratch.IMAGE, p.paddedInput());
            float[] yp = Scratch.array(Scratch.COLUMNS, p.paddedOutput());
            float[] stage = Scratch.array(Scratch.ROW, p.stageFloats());
            // The border of the padded copy must be zero; only its interior is written per image.
            Arrays.fill(xp, 0, p.paddedInput(), 0f);
            for (long n = from; n < to; n++) {
                p.image(x, xOff + n * xImage, xp, wr, yp);
                p.writeOut(yp, bias, biasOff, relu, y, yOff + n * yImage, stage);
            }
        });
    }

    /**
     * Copies {@code rows} rows of {@code len} floats (consecutive in {@code src} from float {@code at})
     * to {@code dst}, row i at {@code dstAt + i * dstStride}, leaving zeros in the {@code zeros} floats
     * after each row: one vector load and store per row where a vector covers the row without
     * reaching past those zeros and the load stays inside {@code src}, else a plain copy.
     */
    static void copyRows(MemorySegment src, long at, int len, int rows, float[] dst, int dstAt, int dstStride, int zeros) {
        long limit = src.byteSize() / Float.BYTES;
        boolean vector = len <= L && L - len <= zeros;
        jdk.incubator.vector.VectorMask<Float> keep = F.indexInRange(0, len);
        for (int i = 0; i < rows; i++, at += len, dstAt += dstStride) {
            if (vector && at + L <= limit) {
                FloatVector.fromMemorySegment(F, src, 4 * at, Simd.ORDER).blend(0f, keep.not()).intoArray(dst, dstAt);
            } else {
                MemorySegment.copy(src, Simd.FLOAT, 4 * at, dst, dstAt, len);
                Arrays.fill(dst, dstAt + len, dstAt + len + zeros, 0f);
            }
        }
    }

    /** Weight lookup for packing: the weight of tap s (input channel, row, column) and output channel co. */
    @FunctionalInterface
    private interface WeightAt {
        float at(int s, int co);
    }

    /** The sizes of one convolution and its tiling. */
    private static final class Plan {
        final int cin, h, w, cout, kh, kw, padH, padW, oh, ow;
        final int taps;
        /** Vectors per output row, and the width of a padded input row (whole vectors fit under every tap). */
        final int vecs, rowWidth, rows;
        /** Tile rows (output channels per tile) and the channel count rounded up to them. */
        final int r, coutPadded;
        /** Offsets of the kernel positions (row, column) in the padded input; channels are a plane apart. */
        final int[] posOff;
        final int plane;
        /** Offsets of every tap, kernel position by kernel position, input channels within: {@code posOff[p] + c * plane}. */
        final int[] tapOff;
        /** Vector positions of the output (a row's vectors, row after row). */
        final int positions;

        Plan(int cin, int h, int w, int cout, int kh, int kw, int padH, int padW) {
            this.cin = cin;
            this.h = h;
            this.w = w;
            this.cout = cout;
            this.kh = kh;
            this.kw = kw;
            this.padH = padH;
            this.padW = padW;
            this.oh = h + 2 * padH - kh + 1;
            this.ow = w + 2 * padW - kw + 1;
            this.taps = cin * kh * kw;
            this.vecs = (ow + L - 1) / L;
            this.rowWidth = Math.max(vecs * L + kw - 1, w + 2 * padW);
            this.rows = h + 2 * padH;
            this.r = tileRows(cout);
            this.coutPadded = (cout + r - 1) / r * r;
            this.plane = rows * rowWidth;
            this.posOff = new int[kh * kw];
            for (int a = 0; a < kh; a++) {
                for (int b = 0; b < kw; b++) posOff[a * kw + b] = a * rowWidth + b;
            }
            this.positions = oh * vecs;
            this.tapOff = new int[kh * kw * cin];
            for (int q = 0; q < kh * kw; q++) {
                for (int c = 0; c < cin; c++) tapOff[q * cin + c] = posOff[q] + c * plane;
            }
        }

        /** The tile row count that pads {@code cout} least; the larger one on a tie (fewer loads per multiply-add). */
        private static int tileRows(int cout) {
            int best = TILE_ROWS[0];
            for (int r : TILE_ROWS) {
                if ((cout + r - 1) / r * r < (cout + best - 1) / best * best) best = r;
            }
            return best;
        }

        int packedWeights() {
            return taps * coutPadded;
        }

        /** Floats of the padded input copy, with a vector's slack after the last row. */
        int paddedInput() {
            return cin * rows * rowWidth + L;
        }

        /** Floats of the output in whole vectors per row: {@code coutPadded x oh x vecs*L}. */
        int paddedOutput() {
            return coutPadded * oh * vecs * L;
        }

        /**
         * Weights as {@code [block of r output channels][kernel row][kernel column][input channel][r]}:
         * one tile's weights are contiguous, tap after tap in the order the tiles walk them, {@code r}
         * apart, zeros past {@code cout}. A constant stride lets C2 drop the bounds checks of the
         * weight loads from the loop (with a stride of {@code coutPadded}, a variable, it kept two
         * compares per tap). {@code weights} is asked by tap number {@code (ci * kh + row) * kw + column},
         * the OIHW order.
         */
        float[] packWeights(float[] dst, WeightAt weights) {
            for (int a = 0, t = 0; a < kh; a++) {
                for (int b = 0; b < kw; b++) {
                    for (int ci = 0; ci < cin; ci++, t++) {
                        int s = (ci * kh + a) * kw + b;
                        for (int co = 0; co < coutPadded; co++) {
                            dst[(co / r * taps + t) * r + co % r] = co < cout ? weights.at(s, co) : 0f;
                        }
                    }
                }
            }
            return dst;
        }

        /** Copies the image at {@code x[xOff]} into the interior of the padded copy at {@code xp[at]}. */
        void padInput(MemorySegment x, long xOff, float[] xp, int at) {
            for (int c = 0; c < cin; c++) {
                // The columns right of the row are padding: they must stay zero.
                copyRows(x, xOff + (long) c * h * w, w, h, xp, at + (c * rows + padH) * rowWidth + padW, rowWidth,
                        Math.min(rowWidth - padW - w, L));
            }
        }

        /** Computes one image into {@code yp} (padded layout) from the image at {@code x[xOff]}. */
        void image(MemorySegment x, long xOff, float[] xp, float[] wr, float[] yp) {
            padInput(x, xOff, xp, 0);
            int yPlane = oh * vecs * L;
            for (int q = 0; q < positions; q += 2) {
                int q1 = Math.min(q + 1, positions - 1);   // an odd last position pairs with itself
                int base0 = q / vecs * rowWidth + q % vecs * L;
                int base1 = q1 / vecs * rowWidth + q1 % vecs * L;
                int y0 = q / vecs * vecs * L + q % vecs * L;
                int y1 = q1 / vecs * vecs * L + q1 % vecs * L;
                for (int co = 0; co < coutPadded; co += r) {
                    ConvRowTiles.tile(r, xp, base0, base1, posOff, tapOff, cin, this.plane, wr, co * taps, yp,
                            co * yPlane + y0, co * yPlane + y1, yPlane);
                }
            }
        }

        /**
         * Writes the valid part of {@code yp} to the NCHW image at {@code y[yOff]}, adding the bias (if any) and
         * ReLU: each channel's plane is assembled in {@code stage} (at least {@link #stageFloats} floats) and
         * copied with one bulk copy. Vector stores into the segment, two per output row, cost about as much as
         * the pooling of the output (checks per store); into an array they cost little.
         */
        void writeOut(float[] yp, MemorySegment bias, long biasOff, boolean relu, MemorySegment y, long yOff,
                      float[] stage) {
            int plane = oh * vecs * L;
            int out = oh * ow;
            FloatVector zero = FloatVector.zero(F);
            for (int co = 0; co < cout; co++) {
                FloatVector b = FloatVector.broadcast(F, bias == null ? 0f : Simd.get(bias, biasOff + co));
                int src = co * plane;
                for (int i = 0; i < oh; i++) {
                    int dst = i * ow;
                    for (int v = 0; v < vecs; v++, src += L, dst += L) {
                        FloatVector o = FloatVector.fromArray(F, yp, src).add(b);
                        if (relu) o = o.lanewise(VectorOperators.MAX, zero);
                        // Lanes past the row land on the next row's start, which is written after.
                        o.intoArray(stage, dst);
                    }
                }
                MemorySegment.copy(stage, 0, y, Simd.FLOAT, 4 * (yOff + (long) co * out), out);
            }
        }

        /** Floats of {@link #writeOut}'s staging plane: one output plane and a row of vectors' slack. */
        int stageFloats() {
            return oh * ow + vecs * L;
        }
    }
}
