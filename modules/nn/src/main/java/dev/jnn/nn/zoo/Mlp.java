package dev.jnn.nn.zoo;

import dev.jnn.core.Tensor;
import dev.jnn.nn.Dropout;
import dev.jnn.nn.Linear;
import dev.jnn.nn.Layer;

/**
 * Seed 000's MLP: {@code l1..l5} = Linear 784-512-256-128-64-10 with ReLU between; input flattened.
 * With dropout p &gt; 0, a {@code dropout} module follows each hidden ReLU.
 */
public final class Mlp extends Layer {
    private final Linear l1 = registerLayer("l1", new Linear(784, 512));
    private final Linear l2 = registerLayer("l2", new Linear(512, 256));
    private final Linear l3 = registerLayer("l3", new Linear(256, 128));
    private final Linear l4 = registerLayer("l4", new Linear(128, 64));
    private final Linear l5 = registerLayer("l5", new Linear(64, 10));
    private final Dropout dropout;

    /** Without dropout. */
    public Mlp() {
        this(0f);
    }

    /**
     * With Dropout(p) after each hidden layer (none when p is 0).
     *
     * @throws IllegalArgumentException if p is outside [0, 1]
     */
    public Mlp(float p) {
        dropout = p == 0f ? null : registerLayer("dropout", new Dropout(p));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x.reshape(-1, 784);
        h = ModelZoo.drop(dropout, l1.callThenRelu(h));
        h = ModelZoo.drop(dropout, l2.callThenRelu(h));
        h = ModelZoo.drop(dropout, l3.callThenRelu(h));
        h = ModelZoo.drop(dropout, l4.callThenRelu(h));
        return l5.call(h);
    }
}
