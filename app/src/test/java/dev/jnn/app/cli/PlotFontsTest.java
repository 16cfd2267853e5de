package dev.jnn.app.cli;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlotFontsTest {
    @Test
    void thisMachineCanDrawText() {
        assertThatCode(() -> PlotFonts.requireUsable("or pass --no-plots")).doesNotThrowAnyException();
    }

    @Test
    void aFontManagerFailureBecomesOneLineNamingTheCauseAndBothWaysOut() {
        // What the JDK throws at the first string drawn on a machine without fonts.
        Runnable noFonts = () -> {
            throw new RuntimeException("Fontconfig head is null, check your fonts or fonts configuration");
        };
        assertThatThrownBy(() -> PlotFonts.check(noFonts, "or pass --no-plots"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("Fontconfig head is null", "apt-get install fontconfig", "--no-plots")
                .hasMessageNotContaining("\n");
    }
}
