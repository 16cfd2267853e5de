package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;

import jdk.incubator.vector.FloatVector;

/**
 * The register tiles of {@link ConvRows}, generated from one template (one method per row count):
 * R output channels times two vectors of output pixels, summed over the taps. The taps run as
 * kernel positions (offsets {@code posOff}) times input channels ({@code planes} floats apart), and
 * tap number s adds {@code w[wBase + s * R + j]} (one tile's weights are contiguous) times the input
 * vector under it to row j of both vectors. The AVX2 tiles (6 and 4 rows) walk the taps as one loop
 * over their offsets ({@code tapOff[s]}, the same order) two taps per iteration: on a Zen 3 core that
 * ran the cnn's first convolution (one input channel, so an inner loop of one) twice as fast as the
 * nested loops and its second no slower, and C2 keeps a two-tap body's accumulators in registers.
 * The accumulators are locals so that C2 keeps them in registers (an array of vectors would box
 * them). The loops are counted loops with affine weight indices of constant stride, so C2 hoists
 * their bounds checks (-XX:+PrintAssembly on the Zen 3 core: the 4-row tile's loop went from 33 to
 * about 25 instructions per tap for its 8 multiply-adds); only the input loads, at offsets read from
 * {@code tapOff}, keep theirs.
 */
final class ConvRowTiles {
    private ConvRowTiles() {
    }

    /** Runs the tile of {@code r} rows (12, 8, 6 or 4); see the class comment. */
    static void tile(int r, float[] x, int base0, int base1, int[] posOff, int[] tapOff, int channels, int plane,
                     float[] w, int wBase, float[] y, int y0, int y1, int yStride) {
        switch (r) {
            case 12 -> tile12(x, base0, base1, posOff, channels, plane, w, wBase, y, y0, y1, yStride);
            case 8 -> tile8(x, base0, base1, posOff, channels, plane, w, wBase, y, y0, y1, yStride);
            case 6 -> tile6(x, base0, base1, tapOff, w, wBase, y, y0, y1, yStride);
            case 4 -> tile4(x, base0, base1, tapOff, w, wBase, y, y0, y1, yStride);
            default -> throw new IllegalArgumentException("no tile of " + r + " rows");
        }
    }

    private static void tile12(float[] x, int base0, int base1, int[] posOff, int channels, int plane, float[] w,
                              int wBase, float[] y, int y0, int y1, int yStride) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z;
        FloatVector a10 = z, a11 = z;
        FloatVector a20 = z, a21 = z;
        FloatVector a30 = z, a31 = z;
        FloatVector a40 = z, a41 = z;
        FloatVector a50 = z, a51 = z;
        FloatVector a60 = z, a61 = z;
        FloatVector a70 = z, a71 = z;
        FloatVector a80 = z, a81 = z;
        FloatVector a90 = z, a91 = z;
        FloatVector a100 = z, a101 = z;
        FloatVector a110 = z, a111 = z;
        int wi = wBase;
        for (int p = 0; p < posOff.length; p++) {
            int b0 = base0 + posOff[p];
            int b1 = base1 + posOff[p];
            for (int c = 0; c < channels; c++) {
                int wc = wi + c * 12;
                FloatVector x0 = FloatVector.fromArray(F, x, b0 + c * plane);
                FloatVector x1 = FloatVector.fromArray(F, x, b1 + c * plane);
                FloatVector w0 = FloatVector.broadcast(F, w[wc + 0]);
                a00 = w0.fma(x0, a00);
                a01 = w0.fma(x1, a01);
                FloatVector w1 = FloatVector.broadcast(F, w[wc + 1]);
                a10 = w1.fma(x0, a10);
                a11 = w1.fma(x1, a11);
                FloatVector w2 = FloatVector.broadcast(F, w[wc + 2]);
                a20 = w2.fma(x0, a20);
                a21 = w2.fma(x1, a21);
                FloatVector w3 = FloatVector.broadcast(F, w[wc + 3]);
                a30 = w3.fma(x0, a30);
                a31 = w3.fma(x1, a31);
                FloatVector w4 = FloatVector.broadcast(F, w[wc + 4]);
                a40 = w4.fma(x0, a40);
                a41 = w4.fma(x1, a41);
                FloatVector w5 = FloatVector.broadcast(F, w[wc + 5]);
                a50 = w5.fma(x0, a50);
                a51 = w5.fma(x1, a51);
                FloatVector w6 = FloatVector.broadcast(F, w[wc + 6]);
                a60 = w6.fma(x0, a60);
                a61 = w6.fma(x1, a61);
                FloatVector w7 = FloatVector.broadcast(F, w[wc + 7]);
                a70 = w7.fma(x0, a70);
                a71 = w7.fma(x1, a71);
                FloatVector w8 = FloatVector.broadcast(F, w[wc + 8]);
                a80 = w8.fma(x0, a80);
                a81 = w8.fma(x1, a81);
                FloatVector w9 = FloatVector.broadcast(F, w[wc + 9]);
                a90 = w9.fma(x0, a90);
                a91 = w9.fma(x1, a91);
                FloatVector w10 = FloatVector.broadcast(F, w[wc + 10]);
                a100 = w10.fma(x0, a100);
                a101 = w10.fma(x1, a101);
                FloatVector w11 = FloatVector.broadcast(F, w[wc + 11]);
                a110 = w11.fma(x0, a110);
                a111 = w11.fma(x1, a111);
            }
            wi += channels * 12;
        }
        a00.intoArray(y, y0 + 0 * yStride);
        a01.intoArray(y, y1 + 0 * yStride);
        a10.intoArray(y, y0 + 1 * yStride);
        a11.intoArray(y, y1 + 1 * yStride);
        a20.intoArray(y, y0 + 2 * yStride);
        a21.intoArray(y, y1 + 2 * yStride);
        a30.intoArray(y, y0 + 3 * yStride);
        a31.intoArray(y, y1 + 3 * yStride);
        a40.intoArray(y, y0 + 4 * yStride);
        a41.intoArray(y, y1 + 4 * yStride);
        a50.intoArray(y, y0 + 5 * yStride);
        a51.intoArray(y, y1 + 5 * yStride);
        a60.intoArray(y, y0 + 6 * yStride);
        a61.intoArray(y, y1 + 6 * yStride);
        a70.intoArray(y, y0 + 7 * yStride);
        a71.intoArray(y, y1 + 7 * yStride);
        a80.intoArray(y, y0 + 8 * yStride);
        a81.intoArray(y, y1 + 8 * yStride);
        a90.intoArray(y, y0 + 9 * yStride);
        a91.intoArray(y, y1 + 9 * yStride);
        a100.intoArray(y, y0 + 10 * yStride);
        a101.intoArray(y, y1 + 10 * yStride);
        a110.intoArray(y, y0 + 11 * yStride);
        a111.intoArray(y, y1 + 11 * yStride);
    }

    private static void tile8(float[] x, int base0, int base1, int[] posOff, int channels, int plane, float[] w,
                              int wBase, float[] y, int y0, int y1, int yStride) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z;
        FloatVector a10 = z, a11 = z;
        FloatVector a20 = z, a21 = z;
        FloatVector a30 = z, a31 = z;
        FloatVector a40 = z, a41 = z;
        FloatVector a50 = z, a51 = z;
        FloatVector a60 = z, a61 = z;
        FloatVector a70 = z, a71 = z;
        int wi = wBase;
        for (int p = 0; p < posOff.length; p++) {
            int b0 = base0 + posOff[p];
            int b1 = base1 + posOff[p];
            for (int c = 0; c < channels; c++) {
                int wc = wi + c * 8;
                FloatVector x0 = FloatVector.fromArray(F, x, b0 + c * plane);
                FloatVector x1 = FloatVector.fromArray(F, x, b1 + c * plane);
                FloatVector w0 = FloatVector.broadcast(F, w[wc + 0]);
                a00 = w0.fma(x0, a00);
                a01 = w0.fma(x1, a01);
                FloatVector w1 = FloatVector.broadcast(F, w[wc + 1]);
                a10 = w1.fma(x0, a10);
                a11 = w1.fma(x1, a11);
                FloatVector w2 = FloatVector.broadcast(F, w[wc + 2]);
                a20 = w2.fma(x0, a20);
                a21 = w2.fma(x1, a21);
                FloatVector w3 = FloatVector.broadcast(F, w[wc + 3]);
                a30 = w3.fma(x0, a30);
                a31 = w3.fma(x1, a31);
                FloatVector w4 = FloatVector.broadcast(F, w[wc + 4]);
                a40 = w4.fma(x0, a40);
                a41 = w4.fma(x1, a41);
                FloatVector w5 = FloatVector.broadcast(F, w[wc + 5]);
                a50 = w5.fma(x0, a50);
                a51 = w5.fma(x1, a51);
                FloatVector w6 = FloatVector.broadcast(F, w[wc + 6]);
                a60 = w6.fma(x0, a60);
                a61 = w6.fma(x1, a61);
                FloatVector w7 = FloatVector.broadcast(F, w[wc + 7]);
                a70 = w7.fma(x0, a70);
                a71 = w7.fma(x1, a71);
            }
            wi += channels * 8;
        }
        a00.intoArray(y, y0 + 0 * yStride);
        a01.intoArray(y, y1 + 0 * yStride);
        a10.intoArray(y, y0 + 1 * yStride);
        a11.intoArray(y, y1 + 1 * yStride);
        a20.intoArray(y, y0 + 2 * yStride);
        a21.intoArray(y, y1 + 2 * yStride);
        a30.intoArray(y, y0 + 3 * yStride);
        a31.intoArray(y, y1 + 3 * yStride);
        a40.intoArray(y, y0 + 4 * yStride);
        a41.intoArray(y, y1 + 4 * yStride);
        a50.intoArray(y, y0 + 5 * yStride);
        a51.intoArray(y, y1 + 5 * yStride);
        a60.intoArray(y, y0 + 6 * yStride);
        a61.intoArray(y, y1 + 6 * yStride);
        a70.intoArray(y, y0 + 7 * yStride);
        a71.intoArray(y, y1 + 7 * yStride);
    }

    private static void tile6(float[] x, int base0, int base1, int[] tapOff, float[] w, int wBase, float[] y,
                              int y0, int y1, int yStride) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z;
        FloatVector a10 = z, a11 = z;
        FloatVector a20 = z, a21 = z;
        FloatVector a30 = z, a31 = z;
        FloatVector a40 = z, a41 = z;
        FloatVector a50 = z, a51 = z;
        // "s < pairs" with an invariant limit makes a counted loop: C2 then drops the per-tap bounds checks of
        // tapOff and w (with "s + 2 <= tapOff.length" it kept them, and a safepoint poll per iteration).
        int s = 0, pairs = tapOff.length & ~1;
        for (; s < pairs; s += 2) {
            {
                int o = tapOff[s];
                int wc = wBase + s * 6;
                FloatVector x0 = FloatVector.fromArray(F, x, base0 + o);
                FloatVector x1 = FloatVector.fromArray(F, x, base1 + o);
                FloatVector w0 = FloatVector.broadcast(F, w[wc + 0]);
                a00 = w0.fma(x0, a00);
                a01 = w0.fma(x1, a01);
                FloatVector w1 = FloatVector.broadcast(F, w[wc + 1]);
                a10 = w1.fma(x0, a10);
                a11 = w1.fma(x1, a11);
                FloatVector w2 = FloatVector.broadcast(F, w[wc + 2]);
                a20 = w2.fma(x0, a20);
                a21 = w2.fma(x1, a21);
                FloatVector w3 = FloatVector.broadcast(F, w[wc + 3]);
                a30 = w3.fma(x0, a30);
                a31 = w3.fma(x1, a31);
                FloatVector w4 = FloatVector.broadcast(F, w[wc + 4]);
                a40 = w4.fma(x0, a40);
                a41 = w4.fma(x1, a41);
                FloatVector w5 = FloatVector.broadcast(F, w[wc + 5]);
                a50 = w5.fma(x0, a50);
                a51 = w5.fma(x1, a51);
            }
            {
                int o = tapOff[(s + 1)];
                int wc = wBase + (s + 1) * 6;
                FloatVector x0 = FloatVector.fromArray(F, x, base0 + o);
                FloatVector x1 = FloatVector.fromArray(F, x, base1 + o);
                FloatVector w0 = FloatVector.broadcast(F, w[wc + 0]);
                a00 = w0.fma(x0, a00);
                a01 = w0.fma(x1, a01);
                FloatVector w1 = FloatVector.broadcast(F, w[wc + 1]);
                a10 = w1.fma(x0, a10);
                a11 = w1.fma(x1, a11);
                FloatVector w2 = FloatVector.broadcast(F, w[wc + 2]);
                a20 = w2.fma(x0, a20);
                a21 = w2.fma(x1, a21);
                FloatVector w3 = FloatVector.broadcast(F, w[wc + 3]);
                a30 = w3.fma(x0, a30);
                a31 = w3.fma(x1, a31);
                FloatVector w4 = FloatVector.broadcast(F, w[wc + 4]);
                a40 = w4.fma(x0, a40);
                a41 = w4.fma(x1, a41);
                FloatVector w5 = FloatVector.broadcast(F, w[wc + 5]);
                a50 = w5.fma(x0, a50);
                a51 = w5.fma(x1, a51);
            }
        }
        if (s < tapOff.length) {
            int o = tapOff[s];
            int wc = wBase + s * 6;
            FloatVector x0 = FloatVector.fromArray(F, x, base0 + o);
            FloatVector x1 = FloatVector.fromArray(F, x, base1 + o);
            FloatVector w0 = FloatVector.broadcast(F, w[wc + 0]);
            a00 = w0.fma(x0, a00);
            a01 = w0.fma(x1, a01);
            FloatVector w1 = FloatVector.broadcast(F, w[wc + 1]);
            a10 = w1.fma(x0, a10);
            a11 = w1.fma(x1, a11);
            FloatVector w2 = FloatVector.broadcast(F, w[wc + 2]);
            a20 = w2.fma(x0, a20);
            a21 = w2.fma(x1, a21);
            FloatVector w3 = FloatVector.broadcast(F, w[wc + 3]);
            a30 = w3.fma(x0, a30);
            a31 = w3.fma(x1, a31);
            FloatVector w4 = FloatVector.broadcast(F, w[wc + 4]);
            a40 = w4.fma(x0, a40);
            a41 = w4.fma(x1, a41);
            FloatVector w5 = FloatVector.broadcast(F, w[wc + 5]);
            a50 = w5.fma(x0, a50);
            a51 = w5.fma(x1, a51);
        }
        a00.intoArray(y, y0 + 0 * yStride);
        a01.intoArray(y, y1 + 0 * yStride);
        a10.intoArray(y, y0 + 1 * yStride);
        a11.intoArray(y, y1 + 1 * yStride);
        a20.intoArray(y, y0 + 2 * yStride);
        a21.intoArray(y, y1 + 2 * yStride);
        a30.intoArray(y, y0 + 3 * yStride);
        a31.intoArray(y, y1 + 3 * yStride);
        a40.intoArray(y, y0 + 4 * yStride);
        a41.intoArray(y, y1 + 4 * yStride);
        a50.intoArray(y, y0 + 5 * yStride);
        a51.intoArray(y, y1 + 5 * yStride);
    }

    private static void tile4(float[] x, int base0, int base1, int[] tapOff, float[] w, int wBase, float[] y,
                              int y0, int y1, int yStride) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z;
        FloatVector a10 = z, a11 = z;
        FloatVector a20 = z, a21 = z;
        FloatVector a30 = z, a31 = z;
        // "s < pairs" with an invariant limit makes a counted loop: C2 then drops the per-tap bounds checks of
        // tapOff and w (with "s + 2 <= tapOff.length" it kept them, and a safepoint poll per iteration).
        int s = 0, pairs = tapOff.length & ~1;
        for (; s < pairs; s += 2) {
            {
                int o = tapOff[s];
                int wc = wBase + s * 4;
                FloatVector x0 = FloatVector.fromArray(F, x, base0 + o);
                FloatVector x1 = FloatVector.fromArray(F, x, base1 + o);
                FloatVector w0 = FloatVector.broadcast(F, w[wc + 0]);
                a00 = w0.fma(x0, a00);
                a01 = w0.fma(x1, a01);
                FloatVector w1 = FloatVector.broadcast(F, w[wc + 1]);
                a10 = w1.fma(x0, a10);
                a11 = w1.fma(x1, a11);
                FloatVector w2 = FloatVector.broadcast(F, w[wc + 2]);
                a20 = w2.fma(x0, a20);
                a21 = w2.fma(x1, a21);
                FloatVector w3 = FloatVector.broadcast(F, w[wc + 3]);
                a30 = w3.fma(x0, a30);
                a31 = w3.fma(x1, a31);
            }
            {
                int o = tapOff[(s + 1)];
                int wc = wBase + (s + 1) * 4;
                FloatVector x0 = FloatVector.fromArray(F, x, base0 + o);
                FloatVector x1 = FloatVector.fromArray(F, x, base1 + o);
                FloatVector w0 = FloatVector.broadcast(F, w[wc + 0]);
                a00 = w0.fma(x0, a00);
                a01 = w0.fma(x1, a01);
                FloatVector w1 = FloatVector.broadcast(F, w[wc + 1]);
                a10 = w1.fma(x0, a10);
                a11 = w1.fma(x1, a11);
                FloatVector w2 = FloatVector.broadcast(F, w[wc + 2]);
                a20 = w2.fma(x0, a20);
                a21 = w2.fma(x1, a21);
                FloatVector w3 = FloatVector.broadcast(F, w[wc + 3]);
                a30 = w3.fma(x0, a30);
                a31 = w3.fma(x1, a31);
            }
        }
        if (s < tapOff.length) {
            int o = tapOff[s];
            int wc = wBase + s * 4;
            FloatVector x0 = FloatVector.fromArray(F, x, base0 + o);
            FloatVector x1 = FloatVector.fromArray(F, x, base1 + o);
            FloatVector w0 = FloatVector.broadcast(F, w[wc + 0]);
            a00 = w0.fma(x0, a00);
            a01 = w0.fma(x1, a01);
            FloatVector w1 = FloatVector.broadcast(F, w[wc + 1]);
            a10 = w1.fma(x0, a10);
            a11 = w1.fma(x1, a11);
            FloatVector w2 = FloatVector.broadcast(F, w[wc + 2]);
            a20 = w2.fma(x0, a20);
            a21 = w2.fma(x1, a21);
            FloatVector w3 = FloatVector.broadcast(F, w[wc + 3]);
            a30 = w3.fma(x0, a30);
            a31 = w3.fma(x1, a31);
        }
        a00.intoArray(y, y0 + 0 * yStride);
        a01.intoArray(y, y1 + 0 * yStride);
        a10.intoArray(y, y0 + 1 * yStride);
        a11.intoArray(y, y1 + 1 * yStride);
        a20.intoArray(y, y0 + 2 * yStride);
        a21.intoArray(y, y1 + 2 * yStride);
        a30.intoArray(y, y0 + 3 * yStride);
        a31.intoArray(y, y1 + 3 * yStride);
    }
}
