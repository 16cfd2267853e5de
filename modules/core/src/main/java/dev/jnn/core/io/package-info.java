/**
 * Writing files so that a failure never leaves half of one: {@link dev.jnn.core.io.AtomicFile}
 * writes under a temporary name in the target's folder and renames, and
 * {@link dev.jnn.core.io.FileWriteException} says in one line which file failed and why.
 *
 * <p>Every file jnn writes (models, checkpoints, metrics, plots, fetched data, extracted native
 * libraries) goes through here, so there is one place that decides how a file reaches the disk.
 */
package dev.jnn.core.io;
