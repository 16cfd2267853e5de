package dev.jnn.nn;

import static dev.jnn.nn.Reference.floats;
import static dev.jnn.nn.Reference.tensor;
import static dev.jnn.tck.OpCheck.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.NoGrad;
import dev.jnn.core.Tensor;
import dev.jnn.testing.VectorBackendScope;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The two small nets of layers.json (tools/reference/layers.py, PyTorch 1.13): logits, mean
 * cross-entropy loss, and the gradients of the input and of every parameter.
 */
@SuppressWarnings("try")   // MemoryScope and NoGrad are scopes, not resources the body uses
@ExtendWith(VectorBackendScope.class)
class NetsMatchPyTorchTest {
    private static final double TOL = 2e-5;
    private static final JsonNode ROOT = Reference.load("layers.json");

    private static JsonNode net(String name) {
        for (JsonNode n : ROOT.get("nets")) if (n.get("name").asText().equals(name)) return n;
        throw new AssertionError(name);
    }

    private static void check(Sequential model, JsonNode c) {
        try (MemoryScope ignored = MemoryScope.open()) {
            Map<String, Tensor> params = model.namedParameters();
            assertThat(params.keySet()).containsExactlyElementsOf(() -> c.get("params").fieldNames());
            try (NoGrad ng = NoGrad.enter()) {
                params.forEach((k, p) -> p.write(floats(c.get("params").get(k)), 0));
            }
            Tensor x = tensor(c.get("input")).requiresGrad(true);
            Tensor logits = model.call(x);
            assertClose("logits", logits.toFloatArray(), floats(c.get("logits")), TOL);
            Tensor loss = new CrossEntropyLoss().apply(logits, tensor(c.get("target")));
            assertClose("loss", new float[] {loss.item()}, new float[] {Float.parseFloat(c.get("loss").asText())}, TOL);
            loss.backward();
            assertClose("grad input", x.grad().toFloatArray(), floats(c.get("grad_input")), TOL);
            params.forEach((k, p) -> assertClose("grad " + k, p.grad().toFloatArray(), floats(c.get("grad_params").get(k)), TOL));
        }
    }

    @Test
    void smallMlpMatchesPyTorch() {
        check(new Sequential(new Linear(6, 5), new ReLU(), new Linear(5, 4), new ReLU(), new Linear(4, 3)), net("mlp"));
    }

    @Test
    void smallConvNetMatchesPyTorch() {
        check(new Sequential(new Conv2d(1, 2, 3, 1, 1), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(18, 4)),
                net("convnet"));
    }
}
