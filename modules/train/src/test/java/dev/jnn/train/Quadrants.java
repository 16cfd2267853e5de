package dev.jnn.train;

import dev.jnn.core.Functional;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.Tensor;
import dev.jnn.data.DataLoader;
import dev.jnn.data.ImageDataset;
import dev.jnn.data.transforms.ToTensor;
import java.util.List;
import java.util.SplittableRandom;

/** A small synthetic task for Trainer tests: 1×4×4 images whose bright quadrant is the class (0..3). */
final class Quadrants {
    private Quadrants() {
    }

    static ImageDataset dataset(String name, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[n * 16];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(4);
            labels[i] = (byte) k;
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    int q = (y / 2) * 2 + x / 2;
                    px[i * 16 + y * 4 + x] = (byte) (q == k ? 150 + r.nextInt(100) : r.nextInt(80));
                }
            }
        }
        return ImageDataset.of(name, px, labels, 1, 4, 4, 4);
    }

    static DataLoader loader(ImageDataset d, int batch, boolean shuffle) {
        return DataLoader.builder(d).batchSize(batch).shuffle(shuffle).seed(7).transforms(new ToTensor()).build();
    }

    /** Softmax regression, 16 → 4, written on Functional. */
    static final class Linear implements Trainable {
        final Tensor w;
        final Tensor b;
        boolean training;

        Linear() {
            w = MemoryScope.persistent(() -> Tensor.zeros(4, 16).requiresGrad(true));
            b = MemoryScope.persistent(() -> Tensor.zeros(4).requiresGrad(true));
        }

        @Override
        public Tensor forward(Tensor x) {
            return Functional.linear(x.reshape(x.size(0), 16), w, b);
        }

        @Override
        public List<Tensor> parameters() {
            return List.of(w, b);
        }

        @Override
        public void train(boolean on) {
            training = on;
        }
    }
}
