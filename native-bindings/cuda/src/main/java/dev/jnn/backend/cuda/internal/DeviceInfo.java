package dev.jnn.backend.cuda.internal;

/**
 * What the probe reports about one GPU.
 *
 * @param ordinal      the CUDA device number
 * @param name         such as {@code NVIDIA H100 80GB HBM3}
 * @param totalBytes   device memory
 * @param major        compute capability, major
 * @param minor        compute capability, minor
 * @param multiprocessors streaming multiprocessors
 */
public record DeviceInfo(int ordinal, String name, long totalBytes, int major, int minor, int multiprocessors) {
    /** {@code sm_90} for compute capability 9.0, the architecture NVRTC compiles for. */
    public String architecture() {
        return "sm_" + major + minor;
    }

    @Override
    public String toString() {
        return String.format("%s (%.1f GiB, compute %d.%d, %d SMs)", name, totalBytes / (double) (1L << 30), major,
                minor, multiprocessors);
    }
}
