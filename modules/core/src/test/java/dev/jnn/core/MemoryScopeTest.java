package dev.jnn.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Step temporaries go back to the backend when their scope closes; kept and persistent ones do not. */
class MemoryScopeTest extends OnReference {
    @Test
    void closingAScopeReleasesWhatItAllocated() {
        long before = backend.liveBytes();
        Tensor inside;
        try (MemoryScope step = MemoryScope.open()) {
            inside = Tensor.zeros(1000).add(1f);
            assertThat(backend.liveBytes()).isGreaterThan(before);
            assertThat(step.size()).isEqualTo(2);
        }
        assertThat(backend.liveBytes()).isEqualTo(before);
        assertThat(inside.storage().isReleased()).isTrue();
        assertThatThrownBy(inside::toFloatArray).hasMessageContaining("used after its memory was released");
    }

    @Test
    void keptTensorsMoveToTheEnclosingScope() {
        Tensor kept;
        try (MemoryScope outer = MemoryScope.open()) {
            try (MemoryScope inner = MemoryScope.open()) {
                kept = inner.keep(Tensor.ones(4));
            }
            assertThat(kept.toFloatArray()).containsOnly(1f);
            assertThat(outer.size()).isEqualTo(1);
        }
        assertThat(kept.storage().isReleased()).isTrue();
    }

    @Test
    void persistentAllocationsOutliveTheScope() {
        Tensor p;
        try (MemoryScope ignored = MemoryScope.open()) {
            p = MemoryScope.persistent(() -> Tensor.zeros(8));
        }
        assertThat(p.storage().isReleased()).isFalse();
        p.storage().release();
        assertThat(p.storage().isReleased()).isTrue();
    }

    @Test
    void scopesCloseInReverseOrder() {
        MemoryScope outer = MemoryScope.open();
        MemoryScope inner = MemoryScope.open();
        assertThatThrownBy(outer::close).hasMessageContaining("reverse order");
        inner.close();
        outer.close();
    }
}
