package dev.jnn.data;

import java.nio.file.Path;

/**
 * The content of an IDX image file: {@code count} grayscale images of {@code rows×cols} uint8
 * pixels, stored row-major one image after another.
 *
 * @param file the file they were read from
 * @param count number of images
 * @param rows image height in pixels
 * @param cols image width in pixels
 * @param pixels {@code count*rows*cols} bytes, to be read as unsigned ({@code b & 0xFF}); owned by
 *     the caller, not copied
 */
public record IdxImages(Path file, int count, int rows, int cols, byte[] pixels) {}
