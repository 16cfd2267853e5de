package dev.jnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DistributedSampler's arithmetic: sizes, padding, dropping, rank striding, and the global batches it keeps. */
class ShardTest {
    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }

    @ParameterizedTest
    @CsvSource({"0, 1, 0, 0", "1, 1, 1, 1", "10, 3, 4, 3", "9, 3, 3, 3", "2, 3, 1, 0", "60000, 2, 30000, 30000",
            "54001, 4, 13501, 13500", "7, 8, 1, 0"})
    void sizeIsTheCeilingPaddedOrTheFloorDropped(int n, int count, int padded, int dropped) {
        for (int r = 0; r < count; r++) {
            assertThat(new Shard(r, count, false).size(n)).isEqualTo(padded);
            assertThat(new Shard(r, count, true).size(n)).isEqualTo(dropped);
        }
    }

    @Test
    void ranksTakeEveryCountthSampleAndPadFromTheStartAsDistributedSamplerDoes() {
        int[] order = {9, 3, 7, 1, 0, 5, 8, 2, 6, 4};
        // torch.utils.data.DistributedSampler(range(10), num_replicas=3, rank=r, shuffle=False) over this order:
        // padded to 12 with order[0:2] = 9, 3; rank r takes padded[r::3].
        assertThat(new Shard(0, 3, false).select(order)).containsExactly(9, 1, 8, 4);
        assertThat(new Shard(1, 3, false).select(order)).containsExactly(3, 0, 2, 9);
        assertThat(new Shard(2, 3, false).select(order)).containsExactly(7, 5, 6, 3);
        // drop_last=True: cut to 9.
        assertThat(new Shard(0, 3, true).select(order)).containsExactly(9, 1, 8);
        assertThat(new Shard(1, 3, true).select(order)).containsExactly(3, 0, 2);
        assertThat(new Shard(2, 3, true).select(order)).containsExactly(7, 5, 6);
    }

    @Test
    void paddingWrapsAroundMoreThanOnceForTinyDataSets() {
        assertThat(new Shard(4, 5, false).select(new int[] {11, 12})).containsExactly(11);
        assertThat(new Shard(3, 5, false).select(new int[] {11, 12})).containsExactly(12);
    }

    @ParameterizedTest
    @CsvSource({"1", "2", "3", "4", "8"})
    void thePartsCoverEverySampleAndPadOnlyTheShortfall(int count) {
        int n = 23;
        int[] order = identity(n);
        List<Integer> all = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            for (int s : new Shard(r, count, false).select(order)) all.add(s);
        }
        int total = new Shard(0, count, false).size(n) * count;
        assertThat(all).hasSize(total);
        assertThat(new HashSet<>(all)).hasSize(n);
    }

    @Test
    void rejectsARankOutsideTheWorld() {
        assertThatThrownBy(() -> new Shard(2, 2, false)).hasMessage("shard rank must be in [0, 2), got 2");
        assertThatThrownBy(() -> new Shard(0, 0, false)).hasMessage("shard count (world size) must be at least 1, got 0");
    }

    /** What two ranks read in batches of 3 is, batch by batch, what one process reads in batches of 6. */
    @Test
    void shardedLoadersSplitTheGlobalBatchesOfOneLoader() {
        ImageDataset data = DataLoaderTest.numbered(24);
        DataLoader whole = DataLoader.builder(data).batchSize(6).shuffle(true).seed(5).build();
        DataLoader r0 = DataLoader.builder(data).batchSize(3).shuffle(true).seed(5).shard(new Shard(0, 2, false)).build();
        DataLoader r1 = DataLoader.builder(data).batchSize(3).shuffle(true).seed(5).shard(new Shard(1, 2, false)).build();
        assertThat(r0.numBatches()).isEqualTo(whole.numBatches()).isEqualTo(4);
        for (int epoch = 0; epoch < 2; epoch++) {
            List<Set<Integer>> global = batches(whole, epoch);
            List<Set<Integer>> a = batches(r0, epoch);
            List<Set<Integer>> b = batches(r1, epoch);
            for (int k = 0; k < global.size(); k++) {
                Set<Integer> union = new HashSet<>(a.get(k));
                union.addAll(b.get(k));
                assertThat(a.get(k)).doesNotContainAnyElementsOf(b.get(k));
                assertThat(union).as("epoch %d batch %d", epoch, k).isEqualTo(global.get(k));
            }
        }
        assertThat(batches(r0, 0)).isNotEqualTo(batches(r0, 1));
    }

    @Test
    void aShardedEpochResumesAtAnyBatch() {
        DataLoader r1 = DataLoader.builder(DataLoaderTest.numbered(23)).batchSize(2).shuffle(true).seed(9)
                .shard(new Shard(1, 3, false)).build();
        assertThat(r1.numBatches()).isEqualTo(4);   // ceil(23 / 3) = 8 samples
        List<Set<Integer>> all = batches(r1, 3);
        try (Epoch e = r1.epoch(3, 2)) {
            int k = 2;
            for (Batch b : e) {
                assertThat(new HashSet<>(Arrays.stream(b.indices()).boxed().toList())).isEqualTo(all.get(k++));
                b.release();
            }
            assertThat(k).isEqualTo(4);
        }
    }

    private static List<Set<Integer>> batches(DataLoader loader, int epoch) {
        List<Set<Integer>> out = new ArrayList<>();
        try (Epoch e = loader.epoch(epoch)) {
            for (Batch b : e) {
                out.add(new HashSet<>(Arrays.stream(b.indices()).boxed().toList()));
                b.release();
            }
        }
        return out;
    }
}
