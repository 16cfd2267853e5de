package dev.jnn.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGridTest {
    @TempDir
    Path dir;

    /** n images of 1x28x28, normalised with (0.5, 0.5): image k is -1 except pixel (3, 5) = +1. */
    private static Batch batch(int n) {
        float[] x = new float[n * 784];
        Arrays.fill(x, -1f);
        for (int k = 0; k < n; k++) {
            x[k * 784 + 3 * 28 + 5] = 1f;
        }
        int[] labels = new int[n];
        Arrays.setAll(labels, k -> k % 10);
        return new Batch(x, labels, new int[n], n, 1, 28, 28, 0, 0);
    }

    @Test
    void layoutMatchesTorchvisionMakeGrid() {
        // make_grid: (h + padding) * rows + padding by (w + padding) * min(nrow, n) + padding.
        SampleGrid grid = SampleGrid.builder().normalization(0.5f, 0.5f).build();
        BufferedImage full = grid.render(batch(64));
        assertThat(full.getWidth()).isEqualTo(242);
        assertThat(full.getHeight()).isEqualTo(242);
        BufferedImage ten = grid.render(batch(10));
        assertThat(ten.getWidth()).isEqualTo(242);
        assertThat(ten.getHeight()).isEqualTo(62);
        BufferedImage three = grid.render(batch(3));
        assertThat(three.getWidth()).isEqualTo(92);
    }

    @Test
    void valuesAreUnnormalisedAndPaddingIsBlack() {
        BufferedImage img = SampleGrid.builder().normalization(0.5f, 0.5f).build().render(batch(10));
        // Image 9 sits in row 1, column 1: its origin is (2 + 30, 2 + 30).
        assertThat(img.getRGB(32 + 5, 32 + 3) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(img.getRGB(32 + 6, 32 + 3) & 0xFFFFFF).isEqualTo(0x000000);
        assertThat(img.getRGB(0, 0) & 0xFFFFFF).isZero();
        BufferedImage raw = SampleGrid.builder().build().render(batch(1));
        assertThat(raw.getRGB(2 + 5, 2 + 3) & 0xFF).isEqualTo(255);
        // Without un-normalising, -1 clamps to 0 and 0.5 would be mid-gray.
        Batch half = new Batch(new float[] {0.5f}, new int[1], new int[1], 1, 1, 1, 1, 0, 0);
        assertThat(SampleGrid.builder().build().render(half).getRGB(2, 2) & 0xFF).isEqualTo(128);
    }

    @Test
    void wrongPredictionsAreMarkedInRed() {
        int[] pred = {0, 1, 7, 3};
        int[] truth = {0, 1, 2, 3};
        BufferedImage img = SampleGrid.builder().normalization(0.5f, 0.5f).predictions(pred, truth).build()
                .render(batch(4));
        int cellW = (img.getWidth() - 2) / 4;
        for (int k = 0; k < 4; k++) {
            int red = 0;
            int white = 0;
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = k * cellW + 1; x < (k + 1) * cellW + 1; x++) { // the frame lies in the padding
                    int rgb = img.getRGB(x, y) & 0xFFFFFF;
                    red += rgb == 0xFF4040 ? 1 : 0;
                    white += rgb == 0xFFFFFF ? 1 : 0;
                }
            }
            if (k == 2) {
                assertThat(red).as("cell %d", k).isGreaterThan(20);
            } else {
                assertThat(red).as("cell %d", k).isZero();
                assertThat(white).as("cell %d", k).isGreaterThan(5); // the caption (and the dot)
            }
        }
        assertThat(img.getHeight()).isGreaterThan(32); // room for the caption band
    }

    @Test
    void writesPngAtomically() throws IOException {
        BufferedImage img = SampleGrid.builder().labels(new int[] {1, 2, 3}).build().render(batch(3));
        Path file = dir.resolve("out/samples.png");
        SampleGrid.writePng(img, file);
        SampleGrid.writePng(img, file); // replaces
        BufferedImage back = ImageIO.read(file.toFile());
        assertThat(back.getWidth()).isEqualTo(img.getWidth());
        assertThat(back.getRGB(7, 5)).isEqualTo(img.getRGB(7, 5));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).isEqualTo(List.of("samples.png"));
        }
    }
}
