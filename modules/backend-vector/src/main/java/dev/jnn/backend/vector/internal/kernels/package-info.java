/**
 * The vector backend's compute kernels: pure static functions on off-heap float32 data.
 *
 * <p>Every kernel takes {@link java.lang.foreign.MemorySegment}s plus {@code long} offsets counted
 * in elements (floats or ints, not bytes), row-major, and a {@link
 * dev.jnn.backend.vector.internal.kernels.Parallel} pool to run on. Outputs are passed in and
 * overwritten (SGEMM's beta and the optimizers' in-place updates are the exceptions, as documented);
 * kernels allocate nothing per call beyond per-thread scratch reused across calls.
 *
 * <ul>
 *   <li>{@code Sgemm}: packed, register-tiled GEMM with transposes, leading dimensions, batches.</li>
 *   <li>{@code Conv2d}: forward / backward-data / backward-weights (im2col + SGEMM, or a direct
 *       kernel for a first layer); {@code Pool2d}: max and average pooling.</li>
 *   <li>{@code Unary}, {@code Binary}, {@code ActivationGrad}, {@code Blas1}, {@code Reduce}:
 *       element-wise ops, the broadcasts a bias add needs, row maxima and column sums.</li>
 *   <li>{@code SgdUpdate}, {@code AdamUpdate}: fused optimizer steps with PyTorch's formulas.</li>
 * </ul>
 *
 * <p>Segments must be accessible from the pool's threads (global, shared or automatic arenas, not
 * confined ones) and should be native: a heap segment reaching SGEMM's packing code makes C2
 * recompile it for two segment types. The system property {@code jnn.vector.scalar=true} makes
 * every kernel take its scalar twin. Results do not depend on the pool's thread count.
 */
package dev.jnn.backend.vector.internal.kernels;
