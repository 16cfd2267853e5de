package dev.jnn.nn;

import dev.jnn.core.BackendScope;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.NoGrad;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's description: PyTorch's {@code print(model)} text followed by a table of every layer's
 * output shape and parameter count for a given input shape, like torchsummary.
 */
public final class Summary {
    private static final ThreadLocal<List<Object[]>> RECORDING = new ThreadLocal<>();

    private Summary() {
    }

    static void record(Layer m, Tensor out) {
        List<Object[]> rec = RECORDING.get();
        if (rec != null) rec.add(new Object[] {m, out.shape()});
    }

    /**
     * Describes {@code model}, running one forward pass on zeros of {@code inputDims} (in eval mode,
     * without gradients, on the backend of the model's parameters, or the current
     * {@link BackendScope}'s for a model without any) to find the output shapes.
     */
    @SuppressWarnings("try")   // MemoryScope and NoGrad are scopes, not resources the body uses
    public static String of(Layer model, int... inputDims) {
        Map<Layer, String> names = new IdentityHashMap<>();
        model.namedLayers().forEach((n, m) -> names.put(m, n));
        List<Object[]> rec = new ArrayList<>();
        boolean training = model.isTraining();
        model.eval();
        RECORDING.set(rec);
        try (MemoryScope ignored = MemoryScope.open(); NoGrad ng = NoGrad.enter()) {
            model.call(Tensor.zeros(backendOf(model), Shape.of(inputDims)));
        } finally {
            RECORDING.remove();
            model.train(training);
        }
        StringBuilder sb = new StringBuilder(model.toString()).append('\n');
        String line = "-".repeat(72);
        sb.append(line).append('\n');
        sb.append(String.format("%-36s %-22s %12s%n", "Layer (type)", "Output Shape", "Param #"));
        sb.append("=".repeat(72)).append('\n');
        for (Object[] r : rec) {
            Layer m = (Layer) r[0];
            if (m == model || !m.namedChildren().isEmpty()) continue;
            long own = 0;
            for (Tensor p : m.parameters()) own += p.numel();
            sb.append(String.format("%-36s %-22s %,12d%n", names.get(m) + " (" + m.typeName() + ")", r[1], own));
        }
        sb.append("=".repeat(72)).append('\n');
        long total = model.parameterCount();
        long trainable = 0;
        for (Tensor p : model.parameters()) if (p.requiresGrad()) trainable += p.numel();
        sb.append(String.format("Input shape: %s%nOutput shape: %s%nTotal params: %,d%nTrainable params: %,d%n",
                Shape.of(inputDims), rec.isEmpty() ? "?" : rec.get(rec.size() - 1)[1], total, trainable));
        return sb.toString();
    }

    private static Backend backendOf(Layer model) {
        for (Tensor t : model.stateDict().values()) return t.backend();
        return BackendScope.current();
    }
}
