/**
 * Data sets and data loading: the IDX reader, MNIST and its look-alikes, the fetcher, the
 * {@link dev.jnn.data.DataLoader} with background prefetch, and sample grids.
 *
 * <p>Everything here works on plain Java arrays: images are kept as uint8 in memory and turned into
 * float batches ({@link dev.jnn.data.Batch}, N×C×H×W row-major) one batch at a time.
 */
package dev.jnn.data;
