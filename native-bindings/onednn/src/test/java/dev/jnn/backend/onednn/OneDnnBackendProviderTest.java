package dev.jnn.backend.onednn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.core.Backends;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.Conv2dSpec;
import org.junit.jupiter.api.Test;

/** The provider as ServiceLoader finds it on the module path, and the backend it creates. */
class OneDnnBackendProviderTest {
    private static Backends.Entry entry() {
        return Backends.load().entries().stream().filter(e -> e.name().equals("onednn")).findFirst()
                .orElseThrow(() -> new AssertionError("no onednn provider found by ServiceLoader"));
    }

    @Test
    void serviceLoaderFindsTheProviderInItsNamedModule() {
        Backends.Entry e = entry();
        assertThat(e.source()).startsWith("dev.jnn.backend.onednn");
        assertThat(e.provider().getClass().getModule().getName()).isEqualTo("dev.jnn.backend.onednn");
    }

    @Test
    void probeReportsVersionAndIsaOrEveryReason() {
        var a = entry().availability();
        if (a.available()) {
            assertThat(a.details()).contains("oneDNN 3.13.").contains("ISA ").contains("libdnnl.so.3");
        } else {
            assertThat(a.reasons()).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith("onednn: "));
        }
    }

    @Test
    void createdBackendDescribesItselfAndComputes() {
        var a = entry().availability();
        assumeTrue(a.available(), a.toString());
        try (Backend b = Backends.load().create("onednn", new BackendConfig(1, false))) {
            assertThat(b.name()).isEqualTo("onednn");
            assertThat(b.threads()).isEqualTo(1);
            // The vector backend's kernels run the ops oneDNN lacks.
            assertThat(b.description()).startsWith("onednn: CPU, oneDNN 3.13.").endsWith("1 thread; other kernels: vector");
            // A 3x3 box filter over a 3x3 image of ones with padding 1: 4 at corners, 6 at edges, 9 inside.
            Tensor x = Tensor.full(b, Shape.of(1, 1, 3, 3), 1f);
            Tensor w = Tensor.full(b, Shape.of(1, 1, 3, 3), 1f);
            Tensor y = Tensor.empty(b, Shape.of(1, 1, 3, 3));
            b.conv2dForward(Conv2dSpec.of(1, 1, 1), x, w, null, y);
            assertThat(y.toFloatArray()).containsExactly(4, 6, 4, 6, 9, 6, 4, 6, 4);
        }
    }
}
