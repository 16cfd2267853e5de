package dev.jnn.backend.cuda.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;

/** What the cuDNN bindings compute on the host, checked without cuDNN or a GPU. */
class CudnnHostSideTest {
    @Test
    void algoPerfHasCsSizeAndOffsetsAndAnArrayOfItCanBeAllocated() {
        // 44 bytes of fields plus 4 of tail padding (the struct holds a size_t); an array of a
        // 44-byte layout with 8-byte alignment cannot even be allocated.
        assertThat(CudnnAlgoPerf.LAYOUT.byteSize()).isEqualTo(48);
        assertThat(new long[] {CudnnAlgoPerf.ALGO, CudnnAlgoPerf.STATUS, CudnnAlgoPerf.MEMORY}).containsExactly(0, 4, 16);
        try (Arena a = Arena.ofConfined()) {
            assertThat(a.allocate(CudnnAlgoPerf.LAYOUT, 8).byteSize()).isEqualTo(8 * 48);
        }
    }

    @Test
    void pyTorchsDefaultEpsilonIsAcceptedAndRaisedToCudnnsMinimum() {
        // 1e-5f is 9.99999974e-6 as a double, just below CUDNN_BN_MIN_EPSILON.
        assertThat(CudnnOps.cudnnEpsilon(1e-5f)).isEqualTo(1e-5);
        assertThat(CudnnOps.cudnnEpsilon(1e-3f)).isEqualTo((double) 1e-3f);
    }

    @Test
    void anEpsilonBelowCudnnsMinimumIsRefusedWithOneLine() {
        assertThatThrownBy(() -> CudnnOps.cudnnEpsilon(1e-6f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use eps >= 1e-5");
        assertThatThrownBy(() -> CudnnOps.cudnnEpsilon(Float.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
