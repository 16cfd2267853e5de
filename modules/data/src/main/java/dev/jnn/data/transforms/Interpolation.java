package dev.jnn.data.transforms;

/** How a geometric transform samples between pixels. */
public enum Interpolation {
    /** The nearest source pixel (torchvision's default for {@code RandomRotation}). */
    NEAREST,
    /** Bilinear blend of the four neighbouring source pixels. */
    BILINEAR
}
