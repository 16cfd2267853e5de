package dev.jnn.backend.vector.internal.kernels;

/** How class labels are stored: int32 indices, or float32 values holding whole class indices. */
public enum LabelType {
    /** One int32 class index per row. */
    INT32,
    /** One float32 per row holding a whole class index (e.g. labels kept as a float tensor). */
    FLOAT32
}
