/**
 * The backend conformance kit. A backend's test extends {@link dev.jnn.tck.BackendConformance},
 * returns its backend from {@code createBackend()}, and inherits every test: each SPI op forward
 * and backward against jnn's reference kernels and finite differences, edge shapes and memory release.
 */
package dev.jnn.tck;
