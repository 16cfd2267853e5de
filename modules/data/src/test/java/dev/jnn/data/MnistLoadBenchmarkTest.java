package dev.jnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.data.transforms.Normalize;
import dev.jnn.data.transforms.ToTensor;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Times loading real MNIST and one full shuffled pass (batch 64, ToTensor + Normalize). Not a timed
 * test: it prints, and asserts only that every sample was seen. Excluded by default; run with
 * <pre>
 * mvn -o -f modules/data/pom.xml test -Djnn.data.excludedGroups= -Dtest=MnistLoadBenchmarkTest
 * </pre>
 * after {@code jnn fetch-data} (or with {@code JNN_DATA} pointing at the four files).
 */
@Tag("benchmark")
class MnistLoadBenchmarkTest {
    @Test
    void loadTrainingSetAndOneEpoch() throws IOException {
        Path dir = DataDirectory.resolve(null);
        assumeTrue(Mnist.isPresent(dir), "MNIST not found in " + dir + "; run jnn fetch-data first");
        for (int rep = 0; rep < 3; rep++) {
            for (boolean release : new boolean[] {true, false}) {
                long t0 = System.nanoTime();
                ImageDataset train = Mnist.train(dir);
                long t1 = System.nanoTime();
                DataLoader loader = DataLoader.builder(train).batchSize(64).shuffle(true).seed(rep)
                        .transforms(new ToTensor(), Normalize.of(0.1307f, 0.3081f)).build();
                long samples = 0;
                double checksum = 0;
                try (Epoch epoch = loader.epoch(0)) {
                    for (Batch b : epoch) {
                        samples += b.size();
                        checksum += b.imageArray()[b.imageArray().length - 1]; // touch the batch
                        if (release) {
                            b.release();
                        }
                    }
                }
                long t2 = System.nanoTime();
                System.out.printf("MNIST train: load %.3f s + one epoch (batch 64, shuffle, ToTensor+Normalize,"
                        + " %s) %.3f s = %.3f s [checksum %.3f]%n", (t1 - t0) / 1e9,
                        release ? "buffers released" : "buffers not released", (t2 - t1) / 1e9, (t2 - t0) / 1e9,
                        checksum);
                assertThat(samples).isEqualTo(60_000);
            }
        }
    }
}
