package dev.jnn.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.core.spi.HostBackend;
import dev.jnn.core.spi.ReferenceBackend;
import dev.jnn.core.spi.TensorView;
import dev.jnn.core.spi.UnaryOp;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A backend's reference fallbacks are listed, never silent. */
class KernelCoverageTest {
    /** Overrides fill and declares RELU its own; everything else is core's. */
    private static final class Partial extends HostBackend {
        @Override
        public String name() {
            return "partial";
        }

        @Override
        public String description() {
            return "partial";
        }

        @Override
        public int threads() {
            return 1;
        }

        @Override
        public void fill(TensorView out, float value) {
            super.fill(out, value);
        }

        @Override
        public Set<UnaryOp> ownUnaryKernels() {
            return EnumSet.of(UnaryOp.RELU);
        }
    }

    @Test
    void theReferenceBackendRunsEveryKernelFromTheReference() {
        try (ReferenceBackend b = new ReferenceBackend()) {
            KernelCoverage c = KernelCoverage.of(b);
            assertThat(c.own()).isEmpty();
            assertThat(c.composed()).containsExactlyInAnyOrder("linear", "conv2dForward+relu");
            assertThat(c.reference()).contains("gemm", "conv2dForward", "sgdUpdate", "unary RELU", "binary POW")
                    .hasSize(c.reference().stream().distinct().toList().size());
        }
    }

    @Test
    void overriddenKernelsAndDeclaredOpsAreTheBackendsOwn() {
        try (Partial b = new Partial()) {
            KernelCoverage c = KernelCoverage.of(b);
            assertThat(c.own()).containsExactly("fill", "unary RELU");
            assertThat(c.reference()).contains("copy", "unary EXP").doesNotContain("fill", "unary RELU");
            assertThat(c.own().size() + c.composed().size() + c.reference().size())
                    .isEqualTo(KernelCoverage.of(new ReferenceBackend()).reference().size() + 2);
        }
    }
}
