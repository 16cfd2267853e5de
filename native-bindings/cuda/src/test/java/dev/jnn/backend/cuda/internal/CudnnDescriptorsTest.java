package dev.jnn.backend.cuda.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.core.spi.Conv2dSpec;
import dev.jnn.core.spi.Pool2dSpec;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * cuDNN's descriptors need no GPU, so the argument order and enum values the backend passes are
 * checked here against the real libcudnn: cuDNN's own output-size arithmetic must agree with
 * jnn's {@link Conv2dSpec} and {@link Pool2dSpec}. Skips where libcudnn is not found.
 */
class CudnnDescriptorsTest {
    @BeforeEach
    void needCudnn() {
        LibraryLocation loc = CudaLibraries.system().locate(CudaLibrary.CUDNN);
        assumeTrue(loc.found(), loc::describe);
    }

    @Test
    void dataFloatIsFourBytesAnElement() {
        try (CudnnDescriptors d = new CudnnDescriptors()) {
            assertThat(Cudnn.sizeInBytes(d.tensor(2, 3, 5, 7))).isEqualTo(2L * 3 * 5 * 7 * Float.BYTES);
        }
    }

    @Test
    void convolutionPaddingStrideAndDilationLandWhereJnnPutsThem() {
        // Different values for every geometry field, so any swap changes the output size.
        Conv2dSpec s = new Conv2dSpec(2, 3, 1, 2, 1, 2);
        int h = 17, w = 19, kh = 3, kw = 4;
        try (CudnnDescriptors d = new CudnnDescriptors()) {
            MemorySegment x = d.tensor(2, 3, h, w);
            MemorySegment f = d.filter(5, 3, kh, kw);
            int[] out = Cudnn.outputDims(d.convolution(s, false), x, f);
            assertThat(out).containsExactly(2, 5, s.outH(h, kh), s.outW(w, kw));
        }
    }

    @Test
    void tf32AndFp32MathTypesAreAcceptedAndAnUnknownOneIsNot() {
        try (CudnnDescriptors d = new CudnnDescriptors()) {
            MemorySegment conv = d.convolution(Conv2dSpec.of(1, 0, 1), true);
            Cudnn.call(Cudnn.SET_CONVOLUTION_MATH_TYPE, "cudnnSetConvolutionMathType", conv, Cudnn.FMA_MATH);
            assertThatThrownBy(() -> Cudnn.call(Cudnn.SET_CONVOLUTION_MATH_TYPE, "cudnnSetConvolutionMathType", conv, 7))
                    .isInstanceOf(CudaException.class).hasMessageStartingWith("cudnnSetConvolutionMathType: CUDNN_STATUS_BAD_PARAM");
        }
    }

    @Test
    void poolingWindowPaddingAndStrideLandWhereJnnPutsThem() {
        Pool2dSpec s = new Pool2dSpec(3, 4, 2, 3, 1, 2);
        int h = 17, w = 19;
        try (CudnnDescriptors d = new CudnnDescriptors()) {
            MemorySegment x = d.tensor(2, 3, h, w);
            for (int mode : new int[] {Cudnn.POOLING_MAX, Cudnn.POOLING_AVERAGE_INCLUDE_PADDING, Cudnn.POOLING_MAX_DETERMINISTIC}) {
                assertThat(Cudnn.outputDims(d.pooling(s, mode), x, null)).containsExactly(2, 3, s.outH(h), s.outW(w));
            }
        }
    }
}
