package dev.jnn.app.cli;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * Checks, before training starts, that Java can draw text, which the PNG files need (labels in
 * samples.png and predictions.png, axes in curves.png). On a machine without fonts (a bare GPU
 * server, a slim container) the JDK's font manager throws "Fontconfig head is null" at the first
 * string drawn; without this check that happens only once the first PNG is written.
 */
final class PlotFonts {
    private PlotFonts() {
    }

    /**
     * Draws a digit off screen; throws one line naming the cause and the two ways out.
     *
     * @param otherWay the end of the message: the other way out, e.g. "or pass --no-plots"
     */
    static void requireUsable(String otherWay) {
        check(PlotFonts::drawDigit, otherWay);
    }

    /** Runs {@code draw}; any failure becomes the one-line error of {@link #requireUsable}. */
    static void check(Runnable draw, String otherWay) {
        try {
            draw.run();
        } catch (RuntimeException | LinkageError | InternalError e) {
            throw new IllegalStateException("Java cannot draw text for the PNG plots here (" + e.getMessage()
                    + "): install fontconfig and a font (e.g. apt-get install fontconfig fonts-dejavu-core), "
                    + otherWay, e);
        }
    }

    private static void drawDigit() {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.drawString("0", 0, 7);
        } finally {
            g.dispose();
        }
    }
}
