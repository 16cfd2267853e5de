package dev.jnn.backend.cuda.internal;

/**
 * A CUDA, cuBLAS, cuDNN, NVRTC or driver call returned an error status. The message names the
 * function and the status, for example {@code cudnnConvolutionForward: CUDNN_STATUS_BAD_PARAM (3)},
 * followed by the library's description of it where it has one.
 */
public final class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String function;
    private final int status;

    public CudaException(String function, int status, String statusName, String description) {
        super(function + ": " + statusName + " (" + status + ")"
                + (description == null || description.isEmpty() ? "" : ": " + description));
        this.function = function;
        this.status = status;
    }

    /** The native function that failed. */
    public String function() {
        return function;
    }

    /** Its raw status code. */
    public int status() {
        return status;
    }
}
