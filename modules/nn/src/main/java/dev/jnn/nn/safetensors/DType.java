package dev.jnn.nn.safetensors;

import java.util.Optional;

/**
 * The element types a safetensors file may hold, under their safetensors names
 * ({@code "F32"}, {@code "I64"}, ...).
 *
 * <p>PyTorch writes {@code F32} for parameters and {@code I64} for BatchNorm's
 * {@code num_batches_tracked}; the others are read and written so that any state dict of those
 * element types round-trips. Newer safetensors types (F8 variants, U16/U32/U64, complex) are
 * refused with a clear error.
 */
public enum DType {
    /** IEEE 754 binary64. */
    F64(8, true),
    /** IEEE 754 binary32, jnn's compute type. */
    F32(4, true),
    /** IEEE 754 binary16. */
    F16(2, true),
    /** bfloat16: the upper 16 bits of a binary32. */
    BF16(2, true),
    /** Signed 64-bit integer. */
    I64(8, false),
    /** Signed 32-bit integer. */
    I32(4, false),
    /** Signed 16-bit integer. */
    I16(2, false),
    /** Signed 8-bit integer. */
    I8(1, false),
    /** Unsigned 8-bit integer. */
    U8(1, false),
    /** Boolean, one byte, 0 or 1. */
    BOOL(1, false);

    private final int byteSize;
    private final boolean floating;

    DType(int byteSize, boolean floating) {
        this.byteSize = byteSize;
        this.floating = floating;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** True for F64, F32, F16 and BF16. */
    public boolean isFloatingPoint() {
        return floating;
    }

    /** The name in a safetensors header, the same as {@link #name()}. */
    public String safetensorsName() {
        return name();
    }

    /** The type with this safetensors name, or empty when the name is unknown or unsupported. */
    public static Optional<DType> fromSafetensorsName(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
