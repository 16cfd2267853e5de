package dev.jnn.backend.cuda.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Availability;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.MemoryBlock;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the conformance kit does not reach: the device-side batch gather and dropout mask, and the
 * backend's description. Skips with the probe's reasons where there is no usable GPU.
 */
class CudaBackendGpuTest {
    private CudaBackend backend;

    @BeforeEach
    void open() {
        Availability a = CudaProbe.probe();
        assumeTrue(a.available(), () -> "no usable GPU: " + String.join("; ", a.reasons()));
        backend = new CudaBackend(new BackendConfig(1, false));
    }

    @AfterEach
    void close() {
        if (backend != null) backend.close();
    }

    @Test
    void descriptionNamesTheGpuAndTf32() {
        assertThat(backend.description()).startsWith("cuda on ").endsWith("TF32 off");
    }

    @Test
    void batchGatherNormalisesTheChosenSamples() {
        byte[] images = {0, (byte) 255, 51, 102, (byte) 204, 0};   // three samples of two bytes
        byte[] labelBytes = {7, 3, 9};
        MemoryBlock data = backend.allocate(images.length);
        MemoryBlock labelData = backend.allocate(labelBytes.length);
        backend.copyFromHost(MemorySegment.ofArray(images), 0, data, 0, images.length);
        backend.copyFromHost(MemorySegment.ofArray(labelBytes), 0, labelData, 0, labelBytes.length);
        Tensor out = Tensor.empty(backend, Shape.of(2, 2));
        Tensor labels = Tensor.empty(backend, Shape.of(2));
        backend.gatherU8Batch(data, labelData, new int[] {2, 1}, 2, 0.5f, 0.25f, out, labels);
        assertThat(out.toFloatArray()).containsExactly(new float[] {(0.8f - 0.5f) / 0.25f, (0f - 0.5f) / 0.25f,
                (0.2f - 0.5f) / 0.25f, (0.4f - 0.5f) / 0.25f}, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(labels.toFloatArray()).containsExactly(9f, 3f);
        data.free();
        labelData.free();
    }

    @Test
    void dropoutMaskKeepsAboutOneMinusPAndIsReproducible() {
        Tensor a = Tensor.empty(backend, Shape.of(100_003));
        Tensor b = Tensor.empty(backend, Shape.of(100_003));
        backend.dropoutMask(a, 0.3f, 42);
        backend.dropoutMask(b, 0.3f, 42);
        float[] m = a.toFloatArray();
        double kept = 0;
        for (float v : m) {
            assertThat(v).isIn(0f, 1f);
            kept += v;
        }
        assertThat(kept / m.length).isBetween(0.69, 0.71);
        assertThat(b.toFloatArray()).containsExactly(m);
    }

    @Test
    void closeFreesTheBlocksStillInUseAndAFreeAfterwardsDoesNothing() {
        MemoryBlock weights = backend.allocate(4_000_000L);
        assertThat(backend.liveBytes()).isGreaterThanOrEqualTo(4_000_000L);
        backend.close();
        assertThat(backend.liveBytes()).isZero();
        weights.free();   // a tensor's cleaner may still get to it: nothing happens
        assertThat(backend.liveBytes()).isZero();
        backend = null;
    }
}
