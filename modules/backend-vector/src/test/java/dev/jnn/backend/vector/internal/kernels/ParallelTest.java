package dev.jnn.backend.vector.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void everyIndexIsVisitedExactlyOnce() {
        try (Parallel par = new Parallel(2)) {
            for (int rep = 0; rep < 2000; rep++) {
                int n = 1 + rep % 300 * 7;
                int[] hits = new int[n];
                par.forRange(n, 3, (from, to) -> {
                    for (long i = from; i < to; i++) {
                        hits[(int) i]++;
                    }
                });
                for (int h : hits) {
                    assertThat(h).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void singleChunkRunsInlineOnTheCaller() {
        try (Parallel par = new Parallel(2)) {
            Thread me = Thread.currentThread();
            AtomicInteger elsewhere = new AtomicInteger();
            par.forRange(10, 100, (from, to) -> {
                if (Thread.currentThread() != me) {
                    elsewhere.incrementAndGet();
                }
            });
            assertThat(elsewhere.get()).isZero();
        }
    }

    @Test
    void nestedLoopsRunInlineInsteadOfDeadlocking() {
        try (Parallel par = new Parallel(2)) {
            AtomicLong sum = new AtomicLong();
            par.forRange(8, 1, (from, to) -> par.forRange(8, 1, (f2, t2) -> sum.addAndGet(t2 - f2)));
            assertThat(sum.get()).isEqualTo(64);
        }
    }

    @Test
    void aFailingChunkIsRethrownOnTheCaller() {
        try (Parallel par = new Parallel(2)) {
            assertThatThrownBy(() -> par.forRange(16, 1, (from, to) -> {
                if (from == 11) {
                    throw new IllegalStateException("chunk 11");
                }
            })).hasMessage("chunk 11");
            AtomicLong sum = new AtomicLong();
            par.forRange(16, 1, (from, to) -> sum.addAndGet(to - from));
            assertThat(sum.get()).isEqualTo(16);
        }
    }

    @Test
    void threadCountBelowOneIsRejected() {
        assertThatThrownBy(() -> new Parallel(0)).hasMessageContaining("at least 1");
    }
}
