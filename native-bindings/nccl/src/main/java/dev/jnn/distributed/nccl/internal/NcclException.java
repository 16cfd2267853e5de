package dev.jnn.distributed.nccl.internal;

import dev.jnn.distributed.CollectiveException;

/** An NCCL or CUDA runtime call failed: the message names the function, the library's text and its code. */
final class NcclException extends CollectiveException {
    private static final long serialVersionUID = 1L;

    NcclException(String message) {
        super(message, -1);
    }
}
