package dev.jnn.distributed.mpi.internal;

import dev.jnn.distributed.CollectiveException;

/** An MPI call returned an error: the message names the function, MPI's error string and code. */
final class MpiException extends CollectiveException {
    private static final long serialVersionUID = 1L;

    MpiException(String function, int code, String text) {
        super(function + ": " + text + " (MPI error " + code + ")", -1);
    }
}
