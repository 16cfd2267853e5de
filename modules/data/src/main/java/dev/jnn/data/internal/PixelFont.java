package dev.jnn.data.internal;

import java.awt.image.BufferedImage;

/**
 * A 3×5 bitmap font for captions of sample grids: digits, '/', '-', '.', '?' and space. Drawn pixel
 * by pixel so that captions need no system fonts (headless servers often have none) and look the
 * same everywhere.
 */
public final class PixelFont {
    /** Glyph width in font pixels. */
    public static final int WIDTH = 3;
    /** Glyph height in font pixels. */
    public static final int HEIGHT = 5;

    private static final String CHARS = "0123456789/-.? ";
    // One row of 3 bits per line, top to bottom.
    private static final int[][] GLYPHS = {
        {7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7}, {5, 5, 7, 1, 1},
        {7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 1, 1, 1}, {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7},
        {1, 1, 2, 4, 4}, {0, 0, 7, 0, 0}, {0, 0, 0, 0, 2}, {7, 1, 3, 0, 2}, {0, 0, 0, 0, 0},
    };

    private PixelFont() {}

    /** Whether every character of {@code text} has a glyph. */
    public static boolean canDraw(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (CHARS.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Width in image pixels of {@code text} drawn at {@code scale} (one font pixel of gap between glyphs). */
    public static int width(String text, int scale) {
        return text.isEmpty() ? 0 : (text.length() * (WIDTH + 1) - 1) * scale;
    }

    /** Draws {@code text} with its top-left corner at (x, y), clipped to the image. */
    public static void draw(BufferedImage img, String text, int x, int y, int scale, int rgb) {
        for (int i = 0; i < text.length(); i++) {
            int g = CHARS.indexOf(text.charAt(i));
            int[] rows = GLYPHS[g < 0 ? CHARS.indexOf('?') : g];
            int gx = x + i * (WIDTH + 1) * scale;
            for (int r = 0; r < HEIGHT; r++) {
                for (int c = 0; c < WIDTH; c++) {
                    if ((rows[r] >> (WIDTH - 1 - c) & 1) != 0) {
                        fill(img, gx + c * scale, y + r * scale, scale, rgb);
                    }
                }
            }
        }
    }

    private static void fill(BufferedImage img, int x, int y, int size, int rgb) {
        for (int yy = y; yy < y + size; yy++) {
            for (int xx = x; xx < x + size; xx++) {
                if (xx >= 0 && yy >= 0 && xx < img.getWidth() && yy < img.getHeight()) {
                    img.setRGB(xx, yy, rgb);
                }
            }
        }
    }
}
