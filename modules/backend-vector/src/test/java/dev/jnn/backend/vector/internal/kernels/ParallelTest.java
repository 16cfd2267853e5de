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
    void forRangeChunksEndAtMultiplesOfTheGrainOnAnyThreadCount() {
        for (int threads = 1; threads <= 3; threads++) {
            try (Parallel par = new Parallel(threads)) {
                for (int rep = 0; rep < 500; rep++) {
                    int n = 1 + rep * 13;
                    int[] hits = new int[n];
                    par.forRange(n, 5, (from, to) -> {
                        assertThat(from % 5).isZero();
                        assertThat(to == n || to - from == 5).as("chunk [%d, %d) of %d", from, to, n).isTrue();
                        for (long i = from; i < to; i++) hits[(int) i]++;
                    });
                    assertThat(hits).containsOnly(1);
                }
            }
        }
    }

    @Test
    void forElementsVisitsEveryIndexOnceInAlignedSharesOfTheSameSizeWhateverTheOp() {
        for (int threads = 1; threads <= 3; threads++) {
            try (Parallel par = new Parallel(threads)) {
                for (long n : new long[] {1, 63, 65, 2 * Parallel.ELEMENT_GRAIN - 1, 2 * Parallel.ELEMENT_GRAIN,
                    2 * Parallel.ELEMENT_GRAIN + 1, 401_408, 1_000_003}) {
                    int[] hits = new int[(int) n];
                    int nThreads = threads;
                    par.forElements(n, (from, to) -> {
                        assertThat(to - from).isBetween(1L, Parallel.ELEMENT_GRAIN);
                        // A chunk starts at an aligned index and never crosses a thread's share.
                        assertThat(from % Parallel.ELEMENT_ALIGN).isZero();
                        if (n >= 2 * Parallel.ELEMENT_GRAIN) {
                            long share = shareOf(from, n, nThreads);
                            assertThat(shareOf(to - 1, n, nThreads)).as("chunk [%d, %d) of %d", from, to, n).isEqualTo(share);
                        }
                        for (long i = from; i < to; i++) hits[(int) i]++;
                    });
                    assertThat(hits).as("n = %d on %d threads", n, threads).containsOnly(1);
                }
            }
        }
    }

    /** The share (thread) whose aligned range holds index {@code i}, as forElements cuts them. */
    private static long shareOf(long i, long n, int threads) {
        for (int t = threads - 1; t > 0; t--) {
            if (i >= n * t / threads / Parallel.ELEMENT_ALIGN * Parallel.ELEMENT_ALIGN) return t;
        }
        return 0;
    }

    @Test
    void theCallerTakesItsOwnShareFirst() {
        // The caller's home share is the first half. It may go on to take chunks of the worker's
        // half (a worker slow to wake), but only once none of its own is left to claim.
        try (Parallel par = new Parallel(2)) {
            Thread me = Thread.currentThread();
            long n = 8 * Parallel.ELEMENT_GRAIN;
            for (int rep = 0; rep < 200; rep++) {
                AtomicInteger secondHalfSeen = new AtomicInteger();
                AtomicInteger firstHalfAfterSecond = new AtomicInteger();
                par.forElements(n, (from, to) -> {
                    if (Thread.currentThread() != me) return;
                    if (from >= n / 2) secondHalfSeen.set(1);
                    else if (secondHalfSeen.get() == 1) firstHalfAfterSecond.incrementAndGet();
                });
                assertThat(firstHalfAfterSecond.get()).isZero();
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
