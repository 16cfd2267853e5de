package dev.jnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnn.data.transforms.Normalize;
import dev.jnn.data.transforms.ToTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataLoaderTest {
    /** 23 images of 1x2x3 whose pixels all equal the sample number, and labels i % 10. */
    static ImageDataset numbered(int n) {
        byte[] pixels = new byte[n * 6];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(pixels, i * 6, i * 6 + 6, (byte) i);
            labels[i] = (byte) (i % 10);
        }
        return ImageDataset.of("numbered", pixels, labels, 1, 2, 3, 10);
    }

    private static List<Integer> readAll(DataLoader loader, int epoch, int start) {
        List<Integer> seen = new ArrayList<>();
        try (Epoch e = loader.epoch(epoch, start)) {
            for (Batch b : e) {
                for (int k = 0; k < b.size(); k++) {
                    int sample = (int) b.imageArray()[k * 6];
                    assertThat(b.indices()[k]).isEqualTo(sample);
                    assertThat(b.labelArray()[k]).isEqualTo(sample % 10);
                    seen.add(sample);
                }
                b.release();
            }
        }
        return seen;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void everySampleExactlyOncePerEpoch(int prefetch) {
        DataLoader loader = DataLoader.builder(numbered(23)).batchSize(5).shuffle(true).seed(7).prefetch(prefetch)
                .build();
        List<Integer> seen = readAll(loader, 0, 0);
        assertThat(seen).hasSize(23);
        assertThat(new HashSet<>(seen)).hasSize(23);
        assertThat(seen).isNotEqualTo(readAll(DataLoader.builder(numbered(23)).batchSize(5).build(), 0, 0));
    }

    @Test
    void sameSeedSameOrderOtherSeedOrEpochOtherOrder() {
        DataLoader a = DataLoader.builder(numbered(23)).batchSize(4).shuffle(true).seed(42).build();
        DataLoader b = DataLoader.builder(numbered(23)).batchSize(4).shuffle(true).seed(42).build();
        DataLoader c = DataLoader.builder(numbered(23)).batchSize(4).shuffle(true).seed(43).build();
        assertThat(readAll(a, 3, 0)).isEqualTo(readAll(b, 3, 0));
        assertThat(readAll(a, 3, 0)).isNotEqualTo(readAll(c, 3, 0));
        assertThat(readAll(a, 3, 0)).isNotEqualTo(readAll(a, 4, 0));
        assertThat(a.order(3)).isEqualTo(b.order(3));
    }

    @Test
    void noShuffleReadsFileOrder() {
        DataLoader loader = DataLoader.builder(numbered(7)).batchSize(3).build();
        assertThat(readAll(loader, 5, 0)).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void lastPartialBatchIsKeptOrDropped() {
        DataLoader keep = DataLoader.builder(numbered(23)).batchSize(5).build();
        DataLoader drop = DataLoader.builder(numbered(23)).batchSize(5).dropLast(true).build();
        assertThat(keep.numBatches()).isEqualTo(5);
        assertThat(drop.numBatches()).isEqualTo(4);
        List<Integer> sizes = new ArrayList<>();
        try (Epoch e = keep.epoch(0)) {
            e.forEach(b -> sizes.add(b.size()));
        }
        assertThat(sizes).containsExactly(5, 5, 5, 5, 3);
        assertThat(readAll(drop, 0, 0)).hasSize(20);
    }

    @Test
    void resumingAtBatchKGivesTheSameRemainingBatches() {
        DataLoader loader = DataLoader.builder(numbered(23)).batchSize(4).shuffle(true).seed(9).build();
        List<Integer> full = readAll(loader, 2, 0);
        assertThat(readAll(loader, 2, 3)).isEqualTo(full.subList(12, 23));
        assertThat(readAll(loader, 2, loader.numBatches())).isEmpty();
        assertThatThrownBy(() -> loader.epoch(2, 7)).hasMessageContaining("start batch 7 is outside 0..6");
    }

    @Test
    void pixelTransformsGiveTheSameFloatsAsApplyingThemOneByOne() {
        ImageDataset data = numbered(12);
        DataLoader loader = DataLoader.builder(data).batchSize(12)
                .transforms(new ToTensor(), Normalize.of(0.1307f, 0.3081f)).build();
        try (Epoch e = loader.epoch(0)) {
            float[] x = e.next().imageArray();
            for (int i = 0; i < 12; i++) {
                float expected = ((float) i / 255f - 0.1307f) / 0.3081f;
                assertThat(x[i * 6 + 5]).isEqualTo(expected);
            }
        }
    }

    @Test
    void prefetchThreadEndsOnCloseAndAtTheEnd() throws InterruptedException {
        DataLoader loader = DataLoader.builder(numbered(23)).batchSize(1).prefetch(2).build();
        Epoch early = loader.epoch(0);
        Thread t = early.thread();
        assertThat(t).isNotNull();
        assertThat(t.isDaemon()).isTrue();
        early.next();
        early.close();
        assertThat(t.isAlive()).isFalse();
        early.close(); // twice is harmless
        assertThat(early.hasNext()).isFalse();

        Epoch full = loader.epoch(1);
        full.forEach(Batch::release);
        full.thread().join(5000);
        assertThat(full.thread().isAlive()).isFalse();
        full.close();
    }

    @Test
    void prefetchThreadOfAnAbandonedEpochEnds() throws InterruptedException {
        DataLoader loader = DataLoader.builder(numbered(23)).batchSize(1).prefetch(1).build();
        Thread t = abandon(loader);
        for (int i = 0; i < 100 && t.isAlive(); i++) {
            System.gc();
            t.join(50);
        }
        assertThat(t.isAlive()).as("prefetch thread of an unreachable epoch").isFalse();
    }

    private static Thread abandon(DataLoader loader) {
        Epoch e = loader.epoch(0);
        e.next();
        return e.thread(); // the epoch itself becomes unreachable here, unclosed
    }

    @Test
    void releasedBuffersAreReused() {
        DataLoader loader = DataLoader.builder(numbered(20)).batchSize(5).prefetch(0).build();
        Set<float[]> arrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        try (Epoch e = loader.epoch(0)) {
            for (Batch b : e) {
                arrays.add(b.imageArray());
                b.release();
            }
        }
        assertThat(arrays).hasSize(1);
    }

    @Test
    void failureInATransformReachesTheReader() {
        DataLoader loader = DataLoader.builder(numbered(4)).batchSize(2)
                .transform(b -> { throw new IllegalStateException("boom"); }).build();
        try (Epoch e = loader.epoch(0)) {
            assertThatThrownBy(e::hasNext).hasMessageContaining("boom").hasMessageContaining("batch 0");
        }
    }

    @Test
    void splitIsDisjointCoversTheSetAndIsSeeded() {
        ImageDataset data = numbered(101);
        ImageDataset.Split split = data.split(0.2, 5);
        assertThat(split.validation().size()).isEqualTo(20);
        assertThat(split.train().size()).isEqualTo(81);
        Set<Integer> val = new HashSet<>();
        Set<Integer> train = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            val.add(split.validation().pixel(i, 0));
        }
        for (int i = 0; i < 81; i++) {
            train.add(split.train().pixel(i, 0));
        }
        assertThat(val).hasSize(20).doesNotContainAnyElementsOf(train);
        Set<Integer> all = new HashSet<>(val);
        all.addAll(train);
        assertThat(all).hasSize(101);
        assertThat(data.split(0.2, 5).validation().labels()).isEqualTo(split.validation().labels());
        assertThat(data.split(0.2, 6).validation().labels()).isNotEqualTo(split.validation().labels());
        // A loader over a split reads the split's samples, and positions index into the split.
        List<Integer> seen = new ArrayList<>();
        try (Epoch e = DataLoader.builder(split.validation()).batchSize(8).build().epoch(0)) {
            for (Batch b : e) {
                for (int k = 0; k < b.size(); k++) {
                    seen.add((int) b.imageArray()[k * 6]);
                }
            }
        }
        assertThat(new HashSet<>(seen)).isEqualTo(val);
    }
}
