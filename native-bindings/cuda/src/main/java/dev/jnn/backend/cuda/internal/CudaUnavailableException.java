package dev.jnn.backend.cuda.internal;

/** A CUDA library, symbol or device that the cuda backend needs is missing; the message says which and where it looked. */
public final class CudaUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CudaUnavailableException(String message) {
        super(message);
    }

    public CudaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
