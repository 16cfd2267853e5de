package dev.jnn.backend.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.jnn.core.Backends;
import dev.jnn.core.spi.Availability;
import dev.jnn.core.spi.BackendConfig;
import org.junit.jupiter.api.Test;

/** The provider as applications meet it: through ServiceLoader on the module path. */
class CudaBackendProviderTest {
    private static Backends.Entry cuda() {
        return Backends.load().entries().stream().filter(e -> e.name().equals("cuda")).findFirst().orElseThrow();
    }

    @Test
    void serviceLoaderFindsTheCudaProvider() {
        assertThat(cuda().name()).isEqualTo("cuda");
    }

    @Test
    void withoutAGpuEveryReasonIsPrefixedAndCreateRefusesListingThem() {
        Availability a = cuda().availability();
        assumeFalse(a.available(), "this machine has a usable GPU: " + a);
        assertThat(a.reasons()).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith("cuda: "));
        assertThatThrownBy(() -> Backends.load().create("cuda", BackendConfig.defaults()))
                .hasMessageContaining("cuda").hasMessageContaining(a.reasons().getFirst().substring(6, 30));
    }
}
