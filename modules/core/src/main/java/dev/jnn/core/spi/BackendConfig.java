package dev.jnn.core.spi;

/**
 * Settings a backend is created with.
 *
 * @param threads the number of compute threads a CPU backend may use (at least 1)
 * @param allowTf32 whether a GPU backend may use TF32 tensor cores for float32 GEMM and convolution
 */
public record BackendConfig(int threads, boolean allowTf32) {
    public BackendConfig {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** One thread per available processor, TF32 off. */
    public static BackendConfig defaults() {
        return new BackendConfig(Runtime.getRuntime().availableProcessors(), false);
    }

    /** These settings with another thread count. */
    public BackendConfig withThreads(int n) {
        return new BackendConfig(n, allowTf32);
    }
}
