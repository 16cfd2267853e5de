package dev.jnn.nn.zoo;

import dev.jnn.core.Functional;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Pool2dSpec;
import dev.jnn.nn.Conv2d;
import dev.jnn.nn.Linear;
import dev.jnn.nn.Module;

/**
 * Seed 001's LeNet for 1×28×28 input: {@code conv1} Conv2d(1,6,5,padding 2), max pool 2,
 * {@code conv2} Conv2d(6,16,5), max pool 2, {@code fc1} Linear(400,120), {@code fc2}
 * Linear(120,84), {@code fc3} Linear(84,10), ReLU between.
 */
public final class LeNet extends Module {
    private static final Pool2dSpec POOL = Pool2dSpec.of(2, 2, 0);
    private final Conv2d conv1 = registerModule("conv1", new Conv2d(1, 6, 5, 1, 2));
    private final Conv2d conv2 = registerModule("conv2", new Conv2d(6, 16, 5));
    private final Linear fc1 = registerModule("fc1", new Linear(16 * 5 * 5, 120));
    private final Linear fc2 = registerModule("fc2", new Linear(120, 84));
    private final Linear fc3 = registerModule("fc3", new Linear(84, 10));

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = Functional.maxPool2d(conv1.call(x).relu(), POOL);
        h = Functional.maxPool2d(conv2.call(h).relu(), POOL);
        h = fc1.call(h.flatten(1, -1)).relu();
        h = fc2.call(h).relu();
        return fc3.call(h);
    }
}
