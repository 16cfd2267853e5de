package dev.jnn.backend.vector.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class GemmTransposeTest {

    @Test
    void block16TransposesSixteenRowsOfASegmentOrArrayIntoAStridedArray() {
        assumeTrue(Simd.L == 16, "the 16x16 transpose runs only with 512-bit vectors; lanes here: " + Simd.L);
        int ld = 19, stride = 32;
        float[] src = new float[16 * ld + 3];
        for (int i = 0; i < src.length; i++) {
            src[i] = i;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment b = Seg.of(arena, src);
            float[] dst = new float[5 + 16 * stride];
            GemmTranspose.block16(b, 3, ld, dst, 5, stride);
            float[] fromArray = new float[5 + 16 * stride];
            GemmTranspose.block16(src, 3, ld, fromArray, 5, stride);
            for (int t = 0; t < 16; t++) {
                for (int i = 0; i < 16; i++) {
                    assertThat(dst[5 + i * stride + t]).isEqualTo(src[3 + t * ld + i]);
                    assertThat(fromArray[5 + i * stride + t]).isEqualTo(src[3 + t * ld + i]);
                }
            }
        }
    }

    @Test
    void block8WritesEightRowsAsContiguousColumns() {
        assumeTrue(Simd.L == 16, "the 8x8 transpose packs 8-row slivers, used with 512-bit vectors; lanes: " + Simd.L);
        int ld = 11;
        float[] src = new float[8 * ld + 2];
        for (int i = 0; i < src.length; i++) {
            src[i] = i;
        }
        try (Arena arena = Arena.ofConfined()) {
            float[] dst = new float[3 + 64];
            GemmTranspose.block8(Seg.of(arena, src), 2, ld, dst, 3);
            for (int t = 0; t < 8; t++) {
                for (int i = 0; i < 8; i++) {
                    assertThat(dst[3 + 8 * i + t]).isEqualTo(src[2 + t * ld + i]);
                }
            }
        }
    }
}
