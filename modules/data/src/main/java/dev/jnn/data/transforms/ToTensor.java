package dev.jnn.data.transforms;

/**
 * Scales raw pixel values 0..255 to [0, 1], as torchvision's {@code ToTensor} does for uint8 images:
 * {@code x / 255} in float.
 */
public final class ToTensor implements PixelTransform {
    /** The transform. */
    public ToTensor() {}

    @Override
    public float apply(float value, int channel) {
        return value / 255f;
    }

    @Override
    public String toString() {
        return "ToTensor()";
    }
}
