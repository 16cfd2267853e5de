package dev.jnn.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jnn.core.Backends;
import dev.jnn.core.Functional;
import dev.jnn.core.Functional.Reduction;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.Conv2dSpec;
import dev.jnn.core.spi.Pool2dSpec;
import dev.jnn.tck.OpCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A small fixed MLP and a small conv net, forward and backward on fixed inputs, against values that
 * PyTorch 1.13 produced ({@code tools/reference/layers.py} wrote {@code reference-data/layers.json});
 * also the tensor operations of seed 003. Core's functional ops only, on the vector backend.
 */
class PyTorchReferenceTest {
    private static Backend backend;
    private static JsonNode root;

    @BeforeAll
    static void load() throws IOException {
        backend = Backends.load().create("vector", new BackendConfig(2, false));
        root = new ObjectMapper().readTree(Files.readString(Path.of("../../reference-data/layers.json")));
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    private static Tensor tensor(JsonNode node, boolean grad) {
        JsonNode shape = node.get("shape");
        int[] dims = new int[shape.size()];
        for (int i = 0; i < dims.length; i++) dims[i] = shape.get(i).asInt();
        Tensor t = Tensor.of(backend, floats(node.get("data")), Shape.of(dims));
        return grad ? t.requiresGrad(true) : t;
    }

    private static float[] floats(JsonNode data) {
        float[] v = new float[data.size()];
        for (int i = 0; i < v.length; i++) v[i] = Float.parseFloat(data.get(i).asText());
        return v;
    }

    private static JsonNode net(String name) {
        for (JsonNode n : root.get("nets")) if (n.get("name").asText().equals(name)) return n;
        throw new IllegalStateException("no net " + name + " in layers.json");
    }

    @Test
    void smallMlpMatchesPyTorchForwardAndBackward() {
        JsonNode n = net("mlp");
        try (MemoryScope ignored = MemoryScope.open()) {
            JsonNode p = n.get("params");
            Tensor x = tensor(n.get("input"), true);
            Tensor w0 = tensor(p.get("0.weight"), true), b0 = tensor(p.get("0.bias"), true);
            Tensor w2 = tensor(p.get("2.weight"), true), b2 = tensor(p.get("2.bias"), true);
            Tensor w4 = tensor(p.get("4.weight"), true), b4 = tensor(p.get("4.bias"), true);
            Tensor h = Functional.linear(x, w0, b0).relu();
            h = Functional.linear(h, w2, b2).relu();
            Tensor logits = Functional.linear(h, w4, b4);
            Tensor loss = Functional.crossEntropy(logits, tensor(n.get("target"), false), Reduction.MEAN, 0f);
            loss.backward();
            OpCheck.assertClose("logits", logits.toFloatArray(), floats(n.get("logits").get("data")), 1e-5);
            assertThat((double) loss.item()).isCloseTo(n.get("loss").asDouble(), org.assertj.core.data.Offset.offset(1e-5));
            OpCheck.assertClose("grad input", x.grad().toFloatArray(), floats(n.get("grad_input").get("data")), 1e-5);
            JsonNode g = n.get("grad_params");
            List<Object[]> params = List.of(new Object[] {"0.weight", w0}, new Object[] {"0.bias", b0}, new Object[] {"2.weight", w2},
                    new Object[] {"2.bias", b2}, new Object[] {"4.weight", w4}, new Object[] {"4.bias", b4});
            for (Object[] e : params) {
                OpCheck.assertClose("grad " + e[0], ((Tensor) e[1]).grad().toFloatArray(), floats(g.get((String) e[0]).get("data")), 1e-5);
            }
        }
    }

    @Test
    void smallConvNetMatchesPyTorchForwardAndBackward() {
        JsonNode n = net("convnet");
        try (MemoryScope ignored = MemoryScope.open()) {
            JsonNode p = n.get("params");
            Tensor x = tensor(n.get("input"), true);
            Tensor w0 = tensor(p.get("0.weight"), true), b0 = tensor(p.get("0.bias"), true);
            Tensor w4 = tensor(p.get("4.weight"), true), b4 = tensor(p.get("4.bias"), true);
            Tensor h = Functional.conv2d(x, w0, b0, Conv2dSpec.of(1, 1, 1)).relu();
            h = Functional.maxPool2d(h, Pool2dSpec.of(2, 2, 0)).flatten(1, -1);
            Tensor logits = Functional.linear(h, w4, b4);
            Tensor loss = Functional.crossEntropy(logits, tensor(n.get("target"), false), Reduction.MEAN, 0f);
            loss.backward();
            OpCheck.assertClose("logits", logits.toFloatArray(), floats(n.get("logits").get("data")), 1e-5);
            assertThat((double) loss.item()).isCloseTo(n.get("loss").asDouble(), org.assertj.core.data.Offset.offset(1e-5));
            OpCheck.assertClose("grad input", x.grad().toFloatArray(), floats(n.get("grad_input").get("data")), 1e-5);
            JsonNode g = n.get("grad_params");
            OpCheck.assertClose("grad conv weight", w0.grad().toFloatArray(), floats(g.get("0.weight").get("data")), 1e-5);
            OpCheck.assertClose("grad conv bias", b0.grad().toFloatArray(), floats(g.get("0.bias").get("data")), 1e-5);
            OpCheck.assertClose("grad fc weight", w4.grad().toFloatArray(), floats(g.get("4.weight").get("data")), 1e-5);
            OpCheck.assertClose("grad fc bias", b4.grad().toFloatArray(), floats(g.get("4.bias").get("data")), 1e-5);
        }
    }

    @Test
    void seed003TensorOperationsMatchPyTorch() {
        JsonNode ops = root.get("tensor_ops");
        Tensor a = tensor(ops.get("a"), false);
        Tensor b = tensor(ops.get("b"), false);
        Tensor c = tensor(ops.get("c"), false);
        OpCheck.assertClose("mm", a.mm(c).toFloatArray(), floats(ops.get("mm_a_c").get("data")), 1e-6);
        OpCheck.assertClose("cat dim 1", Tensor.cat(List.of(a, b), 1).toFloatArray(), floats(ops.get("cat_a_b_dim1").get("data")), 0);
        OpCheck.assertClose("cat dim 0", Tensor.cat(List.of(a, b), 0).toFloatArray(), floats(ops.get("cat_a_b_dim0").get("data")), 0);
        OpCheck.assertClose("mul", a.mul(b).toFloatArray(), floats(ops.get("mul_a_b").get("data")), 0);
        OpCheck.assertClose("inverse", c.inverse().toFloatArray(), floats(ops.get("inverse_c").get("data")), 1e-6);
        OpCheck.assertClose("inverse 4x4", tensor(ops.get("m4"), false).inverse().toFloatArray(), floats(ops.get("inverse_m4").get("data")), 1e-5);
    }
}
