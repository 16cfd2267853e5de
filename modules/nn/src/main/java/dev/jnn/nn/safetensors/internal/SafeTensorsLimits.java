package dev.jnn.nn.safetensors.internal;

/** The format's fixed names and limits, shared by the reader, the writer and the public API. */
public final class SafeTensorsLimits {
    /** The largest header the format allows, in bytes (upstream's MAX_HEADER_SIZE). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** The reserved header key of the string-to-string metadata map. */
    public static final String METADATA_KEY = "__metadata__";

    private SafeTensorsLimits() {
    }
}
