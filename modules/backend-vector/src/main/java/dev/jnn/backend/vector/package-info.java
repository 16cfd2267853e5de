/**
 * The vector backend as a value, for the other CPU backend: {@link dev.jnn.backend.vector.VectorBackends}
 * creates one whose kernels run on any host-memory tensor. Exported only to
 * {@code dev.jnn.backend.onednn}.
 */
package dev.jnn.backend.vector;
