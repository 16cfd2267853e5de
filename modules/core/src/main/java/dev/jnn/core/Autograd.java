package dev.jnn.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The reverse-mode engine: one pass over the graph in reverse topological order, no recursion. */
final class Autograd {
    private Autograd() {
    }

    static void backward(Tensor root, Tensor seed) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: the tensor does not require grad and has no grad_fn");
        }
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> pending = new IdentityHashMap<>();
        pending.put(root, seed);
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = pending.remove(t);
                if (t.gradFn == null) {
                    // Every node that feeds this leaf ran before it in this order (some added into its
                    // grad in place, through accumulator()): its gradient is final for this pass.
                    if (g != null) accumulateLeaf(t, g);
                    t.runPostAccumulateGradHooks();
                    continue;
                }
                if (g == null) continue;
                Node node = t.gradFn;
                Tensor[] inputs = node.inputs();
                Tensor[] grads = node.backward(g);
                for (int k = 0; k < inputs.length; k++) {
                    Tensor in = inputs[k];
                    if (in == null || grads[k] == null || !in.requiresGrad()) continue;
                    Tensor prev = pending.get(in);
                    pending.put(in, prev == null ? grads[k] : prev.add(grads[k]));
                }
                node.free();
            }
        }
    }

    /**
     * The buffer a node may add its gradient for {@code t} straight into, instead of returning it:
     * {@code t}'s own {@code .grad} when {@code t} is a leaf that requires grad and already has one
     * (zeroGrad keeps it). A weight gradient then costs no temporary and no pass adding it in. Only
     * valid inside {@link #backward}, which is the only writer of leaf gradients.
     */
    static Tensor accumulator(Tensor t) {
        if (!t.requiresGrad() || t.gradFn != null) return null;
        Tensor g = t.grad();
        return g != null && g.shape().equals(t.shape()) ? g : null;
    }

    /** Adds {@code g} into the leaf's persistent gradient, creating it on first use. */
    private static void accumulateLeaf(Tensor leaf, Tensor g) {
        if (!g.shape().equals(leaf.shape())) {
            throw new IllegalStateException("internal: gradient " + g.shape() + " for tensor " + leaf.shape());
        }
        if (leaf.grad() == null) {
            leaf.setGrad(MemoryScope.persistent(() -> {
                Tensor z = Tensor.empty(leaf.backend(), leaf.shape());
                leaf.backend().copy(g, z);
                return z;
            }));
        } else {
            leaf.backend().axpy(1f, g, leaf.grad());
        }
    }

    /** Post-order of the tensors reachable from {@code root} through recorded nodes. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        stack.push(root);
        next.push(0);
        visited.add(root);
        while (!stack.isEmpty()) {
            Tensor t = stack.peek();
            int k = next.pop();
            Tensor[] inputs = t.gradFn == null ? new Tensor[0] : t.gradFn.inputs();
            while (k < inputs.length && (inputs[k] == null || !inputs[k].requiresGrad() || visited.contains(inputs[k]))) {
                k++;
            }
            if (k < inputs.length) {
                next.push(k + 1);
                Tensor child = inputs[k];
                visited.add(child);
                stack.push(child);
                next.push(0);
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}
