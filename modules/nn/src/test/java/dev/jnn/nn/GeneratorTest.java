package dev.jnn.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.core.Generator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** jnn's SplitMix64 gives java.util.SplittableRandom's numbers, and its saved state continues the sequence. */
class GeneratorTest {
    @Test
    void givesSplittableRandomsNumbersForEverySeedAndBound() {
        int[] bounds = {1, 2, 3, 7, 10, 64, 1000, 60_000, (1 << 30) + 1, Integer.MAX_VALUE};
        for (long seed : new long[] {0, 1, 42, -7, Long.MAX_VALUE}) {
            Generator g = new Generator(seed);
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < 2_000; i++) {
                switch (i % 4) {
                    case 0 -> assertThat(g.nextLong()).isEqualTo(r.nextLong());
                    case 1 -> assertThat(g.nextDouble()).isEqualTo(r.nextDouble());
                    case 2 -> assertThat(g.nextFloat()).isEqualTo((float) r.nextDouble());
                    default -> {
                        int bound = bounds[(i / 4) % bounds.length];
                        assertThat(g.nextInt(bound)).isEqualTo(r.nextInt(bound));
                    }
                }
            }
            assertThat(g.split().nextLong()).isEqualTo(new SplittableRandom(r.nextLong()).nextLong());
        }
    }

    @Test
    void aRestoredStateContinuesTheSequenceIncludingTheSpareNormal() {
        Generator g = new Generator(5);
        g.nextGaussian();   // leaves the spare Box-Muller variate pending
        Generator.State saved = g.state();
        double[] expected = {g.nextGaussian(), g.nextGaussian(), g.nextDouble(), g.nextInt(7)};
        Generator other = new Generator(99);
        other.restore(saved);
        assertThat(new double[] {other.nextGaussian(), other.nextGaussian(), other.nextDouble(), other.nextInt(7)})
                .containsExactly(expected);
        assertThat(other.seed()).isEqualTo(5);
    }
}
