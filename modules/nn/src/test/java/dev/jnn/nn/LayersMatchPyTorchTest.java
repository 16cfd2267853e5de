package dev.jnn.nn;

import static dev.jnn.nn.Reference.floats;
import static dev.jnn.nn.Reference.tensor;
import static dev.jnn.tck.OpCheck.assertClose;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jnn.core.Functional.Reduction;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.NoGrad;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Conv2dSpec;
import dev.jnn.core.spi.Pool2dSpec;
import dev.jnn.testing.VectorBackendScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer and loss against PyTorch 1.13: forward output, input gradient and parameter
 * gradients of {@code loss = sum(output * loss_weights)} ({@code tools/reference/layers.py}).
 */
@SuppressWarnings("try")   // MemoryScope and NoGrad are scopes, not resources the body uses
@ExtendWith(VectorBackendScope.class)
class LayersMatchPyTorchTest {
    private static final double TOL = 2e-5;
    private static final JsonNode ROOT = Reference.load("layers.json");

    static Stream<Named<JsonNode>> layers() {
        List<Named<JsonNode>> out = new ArrayList<>();
        ROOT.get("layers").forEach(n -> out.add(Named.of(n.get("name").asText(), n)));
        return out.stream();
    }

    static Stream<Named<JsonNode>> losses() {
        List<Named<JsonNode>> out = new ArrayList<>();
        ROOT.get("losses").forEach(n -> out.add(Named.of(n.get("name").asText(), n)));
        return out.stream();
    }

    private static int[] pair(JsonNode config, String key, int dflt) {
        JsonNode v = config.get(key);
        if (v == null) return new int[] {dflt, dflt};
        return v.isArray() ? new int[] {v.get(0).asInt(), v.get(1).asInt()} : new int[] {v.asInt(), v.asInt()};
    }

    static Layer build(JsonNode c) {
        JsonNode cfg = c.get("config");
        return switch (c.get("layer").asText()) {
            case "Linear" -> new Linear(cfg.get("in_features").asInt(), cfg.get("out_features").asInt());
            case "Conv2d" -> {
                int[] k = pair(cfg, "kernel_size", 1);
                int[] s = pair(cfg, "stride", 1);
                int[] p = pair(cfg, "padding", 0);
                int[] d = pair(cfg, "dilation", 1);
                boolean bias = !cfg.has("bias") || cfg.get("bias").asBoolean();
                yield new Conv2d(cfg.get("in_channels").asInt(), cfg.get("out_channels").asInt(), k[0], k[1],
                        new Conv2dSpec(s[0], s[1], p[0], p[1], d[0], d[1]), bias);
            }
            case "MaxPool2d", "AvgPool2d" -> {
                int[] k = pair(cfg, "kernel_size", 1);
                int[] s = cfg.has("stride") ? pair(cfg, "stride", 1) : k;
                int[] p = pair(cfg, "padding", 0);
                Pool2dSpec spec = new Pool2dSpec(k[0], k[1], s[0], s[1], p[0], p[1]);
                yield c.get("layer").asText().equals("MaxPool2d") ? new MaxPool2d(spec) : new AvgPool2d(spec);
            }
            case "Flatten" -> new Flatten(cfg.get("start_dim").asInt(), cfg.get("end_dim").asInt());
            case "ReLU" -> new ReLU();
            case "Sigmoid" -> new Sigmoid();
            case "Tanh" -> new Tanh();
            case "Softmax" -> new Softmax(cfg.get("dim").asInt());
            case "LogSoftmax" -> new LogSoftmax(cfg.get("dim").asInt());
            case "Maxout" -> new Maxout(cfg.get("in_features").asInt(), cfg.get("out_features").asInt(), cfg.get("pieces").asInt());
            case "BatchNorm1d" -> new BatchNorm1d(cfg.get("num_features").asInt(), (float) cfg.get("eps").asDouble(),
                    (float) cfg.get("momentum").asDouble());
            case "BatchNorm2d" -> new BatchNorm2d(cfg.get("num_features").asInt(), (float) cfg.get("eps").asDouble(),
                    (float) cfg.get("momentum").asDouble());
            default -> throw new IllegalStateException("no layer for " + c.get("layer"));
        };
    }

    private static void setState(Layer m, JsonNode values) {
        Map<String, Tensor> state = m.stateDict();
        try (NoGrad ignored = NoGrad.enter()) {
            values.fieldNames().forEachRemaining(name -> {
                JsonNode v = values.get(name);
                float[] data = v.has("data") ? floats(v) : new float[] {(float) v.asDouble()};
                state.get(name).write(data, 0);
            });
        }
    }

    private static void assertBuffers(String what, Layer m, JsonNode expected) {
        Map<String, Tensor> state = m.stateDict();
        expected.fieldNames().forEachRemaining(name -> {
            JsonNode v = expected.get(name);
            float[] want = v.has("data") ? floats(v) : new float[] {(float) v.asDouble()};
            assertClose(what + " " + name, state.get(name).toFloatArray(), want, TOL);
        });
    }

    @ParameterizedTest
    @MethodSource("layers")
    void layerMatchesPyTorch(JsonNode c) {
        try (MemoryScope ignored = MemoryScope.open()) {
            Layer layer = build(c);
            setState(layer, c.get("params"));
            if (c.has("buffers")) setState(layer, c.get("buffers"));
            if (c.has("buffers_before")) setState(layer, c.get("buffers_before"));
            layer.train(c.get("mode").asText().equals("train"));
            Tensor x = tensor(c.get("input")).requiresGrad(true);
            Tensor y = layer.call(x);
            assertClose("output", y.toFloatArray(), floats(c.get("output")), TOL);
            y.mul(tensor(c.get("loss_weights"))).sum().backward();
            assertClose("grad input", x.grad().toFloatArray(), floats(c.get("grad_input")), TOL);
            Map<String, Tensor> params = layer.namedParameters();
            c.get("grad_params").fieldNames().forEachRemaining(name ->
                    assertClose("grad " + name, params.get(name).grad().toFloatArray(), floats(c.get("grad_params").get(name)), TOL));
            if (c.has("buffers_after_first_call")) {
                assertBuffers("after call 1", layer, c.get("buffers_after_first_call"));
                Tensor y2 = layer.call(tensor(c.get("second_input")));
                assertClose("second output", y2.toFloatArray(), floats(c.get("second_output")), TOL);
                assertBuffers("after call 2", layer, c.get("buffers_after_second_call"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("losses")
    void lossMatchesPyTorch(JsonNode c) {
        String name = c.get("name").asText();
        Reduction r = name.endsWith("sum") ? Reduction.SUM : Reduction.MEAN;
        Loss loss = switch (c.get("loss").asText()) {
            case "CrossEntropyLoss" -> new CrossEntropyLoss(r, name.contains("smoothing") ? 0.1f : 0f);
            case "NLLLoss" -> new NLLLoss(r);
            case "MSELoss" -> new MSELoss(r);
            default -> throw new IllegalStateException(name);
        };
        try (MemoryScope ignored = MemoryScope.open()) {
            Tensor x = tensor(c.get("input")).requiresGrad(true);
            Tensor value = loss.apply(x, tensor(c.get("target")));
            assertClose("value", new float[] {value.item()}, new float[] {(float) c.get("value").asDouble()}, TOL);
            value.backward();
            assertClose("grad input", x.grad().toFloatArray(), floats(c.get("grad_input")), TOL);
        }
    }
}
