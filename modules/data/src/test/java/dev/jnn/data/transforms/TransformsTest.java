package dev.jnn.data.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jnn.data.Batch;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TransformsTest {
    /** A batch of {@code n} 1x5x7 images: image k has value 100+k at (2, 3) and 0 elsewhere. */
    private static Batch dots(int n, int epoch, int... indices) {
        float[] x = new float[n * 35];
        for (int k = 0; k < n; k++) {
            x[k * 35 + 2 * 7 + 3] = 100 + k;
        }
        return new Batch(x, new int[n], indices, n, 1, 5, 7, epoch, 0);
    }

    @Test
    void toTensorThenNormalizeMatchesTorchvisionFormula() {
        Batch b = new Batch(new float[] {0, 255, 128}, new int[1], new int[1], 1, 1, 1, 3, 0, 0);
        Compose.of(new ToTensor(), Normalize.of(0.5f, 0.5f)).apply(b);
        assertThat(b.imageArray()).containsExactly(-1f, 1f, (128 / 255f - 0.5f) / 0.5f);
    }

    @Test
    void toTensorThenNormalizeIsBitIdenticalToPyTorch() {
        // PyTorch 1.13: v = torch.arange(256, dtype=torch.uint8)[[0, 1, 37, 128, 254, 255]];
        // v.float().div(255).sub(torch.tensor([0.1307])).div(torch.tensor([0.3081])), as float32 bits.
        int[] values = {0, 1, 37, 128, 254, 255};
        int[] torchBits = {0xbed93271, 0xbed2ae20, 0x3d3f69bf, 0x3f9a3d7a, 0x4033c2b3, 0x4034933d};
        PixelTransform toTensor = new ToTensor();
        PixelTransform normalize = Normalize.mnist();
        for (int i = 0; i < values.length; i++) {
            float y = normalize.apply(toTensor.apply(values[i], 0), 0);
            assertThat(Float.floatToIntBits(y)).as("value %d", values[i]).isEqualTo(torchBits[i]);
        }
    }

    @Test
    void normalizeUsesOneMeanPerChannel() {
        Batch b = new Batch(new float[] {1, 1, 1, 1}, new int[1], new int[1], 1, 2, 1, 2, 0, 0);
        new Normalize(new float[] {0, 1}, new float[] {2, 4}).apply(b);
        assertThat(b.imageArray()).containsExactly(0.5f, 0.5f, 0f, 0f);
        assertThatThrownBy(() -> Normalize.of(0, 0)).hasMessageContaining("std must be positive");
    }

    @Test
    void shiftMovesTheImageByAtMostTwoPixelsAndIsReproducible() {
        Batch a = dots(6, 3, 10, 11, 12, 13, 14, 15);
        new RandomShift(2, 99).apply(a);
        boolean anyMoved = false;
        for (int k = 0; k < 6; k++) {
            int at = -1;
            for (int p = 0; p < 35; p++) {
                if (a.imageArray()[k * 35 + p] == 100 + k) {
                    at = p;
                }
            }
            assertThat(at).as("dot of image %d is still inside", k).isNotNegative();
            assertThat(Math.abs(at / 7 - 2)).isLessThanOrEqualTo(2);
            assertThat(Math.abs(at % 7 - 3)).isLessThanOrEqualTo(2);
            anyMoved |= at != 2 * 7 + 3;
        }
        assertThat(anyMoved).isTrue();

        // The same sample in another batch position (same seed, epoch, index) moves the same way.
        Batch b = dots(2, 3, 99, 12);
        new RandomShift(2, 99).apply(b);
        float[] third = Arrays.copyOfRange(a.imageArray(), 2 * 35, 3 * 35);
        float[] again = Arrays.copyOfRange(b.imageArray(), 35, 70);
        for (int p = 0; p < 35; p++) {
            assertThat(again[p] == 0).isEqualTo(third[p] == 0);
        }
    }

    @Test
    void shiftDependsOnEpoch() {
        int[] idx = new int[40];
        Arrays.setAll(idx, i -> i);
        Batch e0 = dots(40, 0, idx);
        Batch e1 = dots(40, 1, idx);
        new RandomShift(2, 1).apply(e0);
        new RandomShift(2, 1).apply(e1);
        assertThat(e0.imageArray()).isNotEqualTo(e1.imageArray());
    }

    @Test
    void rotationByZeroIsIdentityAndNinetyDegreesTurnsCounterClockwise() {
        float[] src = new float[9];
        src[5] = 1; // row 1, column 2: right of the centre
        float[] out = new float[9];
        RandomRotation.rotate(src, out, 0, 3, 3, 0, Interpolation.NEAREST, 0);
        assertThat(out).containsExactly(src);
        RandomRotation.rotate(src, out, 0, 3, 3, 90, Interpolation.BILINEAR, 0);
        float[] up = new float[9];
        up[1] = 1; // row 0, column 1: above the centre
        for (int i = 0; i < 9; i++) {
            assertThat(out[i]).isCloseTo(up[i], within(1e-6f));
        }
    }

    @Test
    void rotationIsBoundedSeededAndPreservesMassRoughly() {
        Batch a = new Batch(filledSquare(4), new int[4], new int[] {0, 1, 2, 3}, 4, 1, 9, 9, 0, 0);
        Batch b = new Batch(filledSquare(4), new int[4], new int[] {0, 1, 2, 3}, 4, 1, 9, 9, 0, 0);
        new RandomRotation(10, Interpolation.BILINEAR, 5).apply(a);
        new RandomRotation(10, Interpolation.BILINEAR, 5).apply(b);
        assertThat(a.imageArray()).containsExactly(b.imageArray());
        assertThat(a.imageArray()).isNotEqualTo(filledSquare(4));
        for (int k = 0; k < 4; k++) {
            double sum = 0;
            for (int p = 0; p < 81; p++) {
                sum += a.imageArray()[k * 81 + p];
            }
            assertThat(sum).isCloseTo(9.0, within(0.5)); // a small rotation keeps a central 3x3 square's area
        }
    }

    private static float[] filledSquare(int n) {
        float[] x = new float[n * 81];
        for (int k = 0; k < n; k++) {
            for (int y = 3; y < 6; y++) {
                for (int xx = 3; xx < 6; xx++) {
                    x[k * 81 + y * 9 + xx] = 1;
                }
            }
        }
        return x;
    }
}
