package dev.jnn.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.core.Tensor;

/** Element-wise comparison with a relative tolerance (and a small absolute floor for values near 0). */
final class Close {
    private Close() {
    }

    static void assertClose(String what, float[] actual, float[] expected, double rel, double abs) {
        assertThat(actual).as(what + " size").hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            double tol = rel * Math.abs(expected[i]) + abs;
            assertThat((double) actual[i]).as("%s[%d]", what, i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tol));
        }
    }

    static void assertClose(String what, Tensor actual, float[] expected, double rel, double abs) {
        assertClose(what, actual.toFloatArray(), expected, rel, abs);
    }
}
