package dev.jnn.data;

import dev.jnn.core.io.AtomicFile;
import dev.jnn.data.internal.PixelFont;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Renders a batch as a grid of images, like torchvision's {@code make_grid} (then {@code save_image}):
 * {@code nrow} images per row, {@code padding} black pixels around each, values un-normalised with
 * {@code x*std + mean}, clamped to [0, 1] and scaled to 0..255. One-channel images become gray, three
 * channels RGB.
 *
 * <p>Optionally each cell gets a caption under its image: the label, or "pred/true" with wrong
 * predictions drawn in red and framed in red. Captions use a built-in pixel font for digits, so they
 * need no system fonts.
 *
 * <pre>{@code
 * BufferedImage img = SampleGrid.builder().normalization(0.1307f, 0.3081f)
 *         .predictions(pred, batch.labelArray()).build().render(batch);
 * SampleGrid.writePng(img, runDir.resolve("samples.png"));
 * }</pre>
 */
public final class SampleGrid {
    private static final int WRONG = new Color(255, 64, 64).getRGB();
    private static final int RIGHT = Color.WHITE.getRGB();

    private final int nrow;
    private final int padding;
    private final int scale;
    private final float[] mean;
    private final float[] std;
    private final List<String> captions;
    private final boolean[] wrong;

    private SampleGrid(Builder b) {
        this.nrow = b.nrow;
        this.padding = b.padding;
        this.scale = b.scale;
        this.mean = b.mean;
        this.std = b.std;
        this.captions = b.captions;
        this.wrong = b.wrong;
    }

    /** A builder with torchvision's defaults: 8 per row, padding 2, no captions, values already in [0, 1]. */
    public static Builder builder() {
        return new Builder();
    }

    /** Renders the batch's images. */
    public BufferedImage render(Batch batch) {
        return render(batch.imageArray(), batch.size(), batch.channels(), batch.height(), batch.width());
    }

    /**
     * Renders {@code n} images of {@code c×h×w} floats (N×C×H×W row-major), c being 1 or 3.
     *
     * @throws IllegalArgumentException if the shape does not match, or captions do not match n
     */
    public BufferedImage render(float[] images, int n, int c, int h, int w) {
        if (n < 1 || (c != 1 && c != 3) || images.length != n * c * h * w) {
            throw new IllegalArgumentException("SampleGrid: need n >= 1 images of 1 or 3 channels, got " + n + "x" + c
                    + "x" + h + "x" + w + " for " + images.length + " floats");
        }
        if (captions != null && captions.size() != n) {
            throw new IllegalArgumentException("SampleGrid: " + captions.size() + " captions for " + n + " images");
        }
        int fontScale = Math.max(1, scale);
        int captionHeight = captions == null ? 0 : (PixelFont.HEIGHT + 2) * fontScale;
        int textWidth = 0;
        if (captions != null) {
            for (String s : captions) {
                textWidth = Math.max(textWidth, PixelFont.width(s, fontScale));
            }
        }
        int imgW = w * scale;
        int imgH = h * scale;
        int cellW = Math.max(imgW, textWidth) + padding;
        int cellH = imgH + captionHeight + padding;
        int cols = Math.min(nrow, n);
        int rows = (n + cols - 1) / cols;
        BufferedImage out = new BufferedImage(cols * cellW + padding, rows * cellH + padding,
                BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        for (int k = 0; k < n; k++) {
            int x0 = (k % cols) * cellW + padding + (cellW - padding - imgW) / 2;
            int y0 = (k / cols) * cellH + padding;
            for (int y = 0; y < imgH; y++) {
                for (int x = 0; x < imgW; x++) {
                    int p = (y / scale) * w + x / scale;
                    int r = level(images[(k * c) * plane + p], 0);
                    int rgb = c == 1 ? r * 0x010101
                            : r << 16 | level(images[(k * c + 1) * plane + p], 1) << 8
                                    | level(images[(k * c + 2) * plane + p], 2);
                    out.setRGB(x0 + x, y0 + y, rgb);
                }
            }
            if (captions != null) {
                boolean bad = wrong != null && wrong[k];
                caption(out, captions.get(k), (k % cols) * cellW + padding, y0 + imgH + fontScale, cellW - padding,
                        fontScale, bad ? WRONG : RIGHT);
                if (bad && padding > 0) {
                    frame(out, x0 - 1, y0 - 1, imgW + 2, imgH + 2);
                }
            }
        }
        return out;
    }

    /** A value un-normalised, clamped to [0, 1] and scaled to 0..255 as {@code save_image} does. */
    private int level(float v, int channel) {
        float x = v;
        if (mean != null) {
            int ch = mean.length == 1 ? 0 : channel;
            x = v * std[ch] + mean[ch];
        }
        float clamped = Math.min(1f, Math.max(0f, x));
        return (int) (clamped * 255f + 0.5f);
    }

    private static void caption(BufferedImage out, String text, int x, int y, int width, int fontScale, int rgb) {
        if (PixelFont.canDraw(text)) {
            PixelFont.draw(out, text, x + (width - PixelFont.width(text, fontScale)) / 2, y, fontScale, rgb);
            return;
        }
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(new Color(rgb));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, (PixelFont.HEIGHT + 2) * fontScale));
            g.drawString(text, x, y + PixelFont.HEIGHT * fontScale);
        } finally {
            g.dispose();
        }
    }

    private static void frame(BufferedImage out, int x, int y, int w, int h) {
        for (int i = 0; i < w; i++) {
            set(out, x + i, y);
            set(out, x + i, y + h - 1);
        }
        for (int j = 0; j < h; j++) {
            set(out, x, y + j);
            set(out, x + w - 1, y + j);
        }
    }

    private static void set(BufferedImage out, int x, int y) {
        if (x >= 0 && y >= 0 && x < out.getWidth() && y < out.getHeight()) {
            out.setRGB(x, y, WRONG);
        }
    }

    /**
     * Writes {@code image} as PNG to {@code file} atomically ({@link AtomicFile}: a temporary file in
     * the same folder, renamed), creating the folder if needed; readers never see a half-written image.
     *
     * @throws IOException naming the file and the cause; the file there before is then unchanged
     */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        AtomicFile.write(file, tmp -> encodePng(image, tmp));
    }

    /**
     * Encodes {@code image} as PNG into {@code file} directly, replacing its content: for a caller
     * that writes into a temporary file of its own (see {@link #writePng} for the atomic write).
     */
    public static void encodePng(BufferedImage image, Path file) throws IOException {
        // ImageIO straight to a file: through an OutputStream it would cache in a temporary file
        // and register a shutdown hook, which fails while Ctrl-C shuts the JVM down.
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available to write " + file);
        }
    }

    /** Settings of a {@link SampleGrid}. */
    public static final class Builder {
        private int nrow = 8;
        private int padding = 2;
        private int scale = 1;
        private float[] mean;
        private float[] std;
        private List<String> captions;
        private boolean[] wrong;

        private Builder() {}

        /** Images per row (torchvision's {@code nrow}), default 8. */
        public Builder nrow(int nrow) {
            if (nrow < 1) {
                throw new IllegalArgumentException("nrow must be at least 1, got " + nrow);
            }
            this.nrow = nrow;
            return this;
        }

        /** Black pixels between and around images, default 2. */
        public Builder padding(int padding) {
            if (padding < 0) {
                throw new IllegalArgumentException("padding must be >= 0, got " + padding);
            }
            this.padding = padding;
            return this;
        }

        /** Each image pixel drawn as {@code scale×scale} pixels, default 1. */
        public Builder scale(int scale) {
            if (scale < 1) {
                throw new IllegalArgumentException("scale must be at least 1, got " + scale);
            }
            this.scale = scale;
            return this;
        }

        /** Undo {@code Normalize(mean, std)} before drawing (one value each for all channels). */
        public Builder normalization(float mean, float std) {
            return normalization(new float[] {mean}, new float[] {std});
        }

        /** Undo {@code Normalize(mean, std)} before drawing, per channel. */
        public Builder normalization(float[] mean, float[] std) {
            if (mean.length != std.length || mean.length == 0) {
                throw new IllegalArgumentException("need as many means as stds");
            }
            this.mean = mean.clone();
            this.std = std.clone();
            return this;
        }

        /** One caption per image, drawn under it. */
        public Builder captions(List<String> captions) {
            this.captions = List.copyOf(captions);
            this.wrong = null;
            return this;
        }

        /** Captions with each image's label. */
        public Builder labels(int[] labels) {
            List<String> c = new ArrayList<>();
            for (int l : labels) {
                c.add(Integer.toString(l));
            }
            return captions(c);
        }

        /** Captions "pred/true" per image; wrong predictions are drawn in red and framed in red. */
        public Builder predictions(int[] predicted, int[] truth) {
            Objects.requireNonNull(predicted);
            if (predicted.length != truth.length) {
                throw new IllegalArgumentException(predicted.length + " predictions for " + truth.length + " labels");
            }
            List<String> c = new ArrayList<>();
            boolean[] bad = new boolean[truth.length];
            for (int i = 0; i < truth.length; i++) {
                c.add(predicted[i] + "/" + truth[i]);
                bad[i] = predicted[i] != truth[i];
            }
            captions(c);
            this.wrong = bad;
            return this;
        }

        /** The grid renderer. */
        public SampleGrid build() {
            return new SampleGrid(this);
        }
    }
}
