package dev.jnn.distributed.mpi.internal;

/** libmpi cannot be found or is not the Open MPI the binding expects; the message says why. */
final class MpiUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MpiUnavailableException(String message) {
        super(message);
    }
}
