package dev.jnn.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Python's float repr, which PyTorch's printed layers use (values from CPython 3's repr()). */
class ReprTest {
    @Test
    void doublesPrintAsPythonReprs() {
        double[] values = {1e-05, 0.1, 0.0001, 1e16, 5.0, -0.5, 123.25, 1.5e-7, 2.5e20, 123456789012345.0, -3e-9, 1e15, 0.0};
        String[] python = {"1e-05", "0.1", "0.0001", "1e+16", "5.0", "-0.5", "123.25", "1.5e-07", "2.5e+20",
            "123456789012345.0", "-3e-09", "1000000000000000.0", "0.0"};
        for (int i = 0; i < values.length; i++) assertThat(Repr.pyFloat(values[i])).as("%s", values[i]).isEqualTo(python[i]);
    }

    @Test
    void floatsPrintThroughTheirShortestDecimal() {
        assertThat(Repr.pyFloat(0.2f)).isEqualTo("0.2");
        assertThat(Repr.pyFloat(1e-5f)).isEqualTo("1e-05");
    }

    @Test
    void poolingSizesCollapseWhenSquare() {
        assertThat(new MaxPool2d(new dev.jnn.core.spi.Pool2dSpec(3, 2, 2, 1, 1, 0)).toString())
                .isEqualTo("MaxPool2d(kernel_size=(3, 2), stride=(2, 1), padding=(1, 0), dilation=1, ceil_mode=False)");
        assertThat(new AvgPool2d(2).toString()).isEqualTo("AvgPool2d(kernel_size=2, stride=2, padding=0)");
    }
}
