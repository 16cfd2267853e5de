/**
 * Test utilities shared by jnn's modules: {@link dev.jnn.testing.FuzzLoop} with its
 * {@link dev.jnn.testing.MutationFuzzer} and {@link dev.jnn.testing.AllocationMeter} for the file
 * readers' fuzz tests, and {@link dev.jnn.testing.VectorBackendScope} for tests that build layers
 * and tensors without naming a backend.
 */
package dev.jnn.testing;
