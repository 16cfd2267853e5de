package dev.jnn.backend.onednn.internal;

/** The {@code DNNL_ARG_*} execution argument ids of {@code dnnl_types.h}. */
final class Args {
    static final int SRC = 1;
    static final int FROM = SRC;
    static final int SRC_1 = 2;
    static final int DST = 17;
    static final int TO = DST;
    static final int WEIGHTS = 33;
    static final int BIAS = 41;
    static final int MEAN = 49;
    static final int VARIANCE = 50;
    static final int SCALE = 51;
    static final int SHIFT = 52;
    static final int DIFF_SRC = 129;
    static final int DIFF_DST = 145;
    static final int DIFF_WEIGHTS = 161;
    static final int DIFF_BIAS = 169;
    static final int DIFF_SCALE = 255;
    static final int DIFF_SHIFT = 256;

    private Args() {
    }
}
