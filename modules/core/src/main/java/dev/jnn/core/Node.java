package dev.jnn.core;

/**
 * One recorded operation of the autograd graph: the inputs it read and how to turn the gradient of
 * its output into gradients of those inputs.
 */
final class Node {
    /** Maps the output's gradient to one gradient per input (null where an input needs none). */
    @FunctionalInterface
    interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    private final String name;
    private Tensor[] inputs;
    private Backward backward;

    private Node(String name, Tensor[] inputs, Backward backward) {
        this.name = name;
        this.inputs = inputs;
        this.backward = backward;
    }

    /**
     * Records {@code out} as produced by {@code name} from {@code inputs} when a graph is being
     * built (gradients enabled and some input requires grad); returns {@code out}.
     */
    static Tensor record(String name, Tensor out, Backward backward, Tensor... inputs) {
        if (!needsGraph(inputs)) return out;
        out.gradFn = new Node(name, inputs, backward);
        out.requiresGrad(true);
        return out;
    }

    /** True when an operation on these inputs must record a node. */
    static boolean needsGraph(Tensor... inputs) {
        if (!NoGrad.isGradEnabled()) return false;
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) return true;
        }
        return false;
    }

    String name() {
        return name;
    }

    Tensor[] inputs() {
        if (inputs == null) {
            throw new IllegalStateException("backward through " + name + " a second time: the graph was freed");
        }
        return inputs;
    }

    Tensor[] backward(Tensor gradOutput) {
        return backward.apply(gradOutput);
    }

    /** Drops the saved tensors once the backward pass used them, like PyTorch without retain_graph. */
    void free() {
        inputs = null;
        backward = null;
    }
}
