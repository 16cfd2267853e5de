package dev.jnn.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnn.core.spi.ReferenceBackend;
import org.junit.jupiter.api.Test;

/** The backend is an explicit value: scopes opened and closed by the caller, no process-wide default. */
class BackendScopeTest {
    @Test
    void withoutAScopeAFactoryWithoutABackendSaysHowToChooseOne() {
        assertThatThrownBy(() -> Tensor.zeros(2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no backend chosen").hasMessageContaining("BackendScope.use(backend)");
    }

    @Test
    void scopesNestAndTheInnermostWins() {
        try (ReferenceBackend a = new ReferenceBackend(); ReferenceBackend b = new ReferenceBackend()) {
            try (BackendScope outer = BackendScope.use(a)) {
                assertThat(Tensor.zeros(1).backend()).isSameAs(a);
                try (BackendScope inner = BackendScope.use(b)) {
                    assertThat(Tensor.zeros(1).backend()).isSameAs(b);
                    assertThat(Tensor.zeros(1).add(1f).backend()).as("ops follow their inputs").isSameAs(b);
                }
                assertThat(BackendScope.current()).isSameAs(a);
            }
        }
    }

    @Test
    void twoBackendsLiveSideBySideAndAnExplicitBackendIgnoresTheScope() {
        try (ReferenceBackend a = new ReferenceBackend(); ReferenceBackend b = new ReferenceBackend();
             BackendScope on = BackendScope.use(a)) {
            Tensor onB = Tensor.of(b, new float[] {1, 2}, Shape.of(2));
            assertThat(onB.backend()).isSameAs(b);
            assertThat(onB.mul(2f).backend()).isSameAs(b);
            assertThat(b.liveBytes()).isPositive();
        }
    }

    @Test
    void openCreatesTheNamedBackendAndClosesIt() {
        ReferenceBackend[] seen = new ReferenceBackend[1];
        try (BackendScope ref = BackendScope.open("reference")) {
            seen[0] = (ReferenceBackend) ref.backend();
            Tensor.zeros(4);
            assertThat(seen[0].liveBytes()).isPositive();
        }
        assertThatThrownBy(() -> seen[0].allocate(4)).hasMessageContaining("closed");
        assertThatThrownBy(() -> BackendScope.open("no-such-backend"))
                .isInstanceOf(BackendNotAvailableException.class).hasMessageContaining("backend 'no-such-backend' not found");
    }

    @Test
    void scopesCloseInReverseOrder() {
        try (ReferenceBackend a = new ReferenceBackend()) {
            BackendScope outer = BackendScope.use(a);
            BackendScope inner = BackendScope.use(a);
            assertThatThrownBy(outer::close).hasMessageContaining("reverse order");
            inner.close();
            outer.close();
        }
    }
}
