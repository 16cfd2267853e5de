package dev.jnn.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jnn.core.DefaultBackend;
import dev.jnn.core.Generator;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.nn.init.Init;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Default and explicit initialisation statistics against PyTorch 1.13's formulas ({@code init.json}). */
class InitMatchesPyTorchTest {
    private static final JsonNode ROOT = Reference.load("init.json");

    private static double[] stats(float[] v) {
        double sum = 0;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (float x : v) {
            sum += x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double mean = sum / v.length;
        double sq = 0;
        for (float x : v) sq += (x - mean) * (x - mean);
        return new double[] {mean, Math.sqrt(sq / Math.max(1, v.length - 1)), min, max};
    }

    private static Module layer(String description) {
        return switch (description) {
            case "Linear(784,512)" -> new Linear(784, 512);
            case "Linear(100,10)" -> new Linear(100, 10);
            case "Conv2d(16,32,5)" -> new Conv2d(16, 32, 5);
            case "Conv2d(1,6,5)" -> new Conv2d(1, 6, 5);
            case "BatchNorm1d(300)" -> new BatchNorm1d(300);
            default -> throw new IllegalStateException(description);
        };
    }

    @Test
    void everyLayersDefaultInitHasPyTorchsDistribution() {
        Generator.seedGlobal(123);
        for (JsonNode d : ROOT.get("layer_defaults")) {
            Map<String, Tensor> state = layer(d.get("layer").asText()).stateDict();
            d.get("tensors").fieldNames().forEachRemaining(name -> {
                JsonNode spec = d.get("tensors").get(name);
                float[] v = state.get(name).toFloatArray();
                double[] s = stats(v);
                String what = d.get("layer").asText() + "." + name;
                assertThat(state.get(name).shape()).as(what).isEqualTo(Reference.shape(spec));
                switch (spec.get("distribution").asText()) {
                    case "uniform" -> {
                        double b = spec.get("bound").asDouble();
                        assertThat(s[2]).as(what + " min").isGreaterThanOrEqualTo(-b);
                        assertThat(s[3]).as(what + " max").isLessThanOrEqualTo(b);
                        if (v.length >= 1000) {
                            assertThat(s[1]).as(what + " std").isCloseTo(spec.get("expected_std").asDouble(), within(0.05 * b));
                            assertThat(s[0]).as(what + " mean").isCloseTo(0.0, within(0.05 * b));
                        }
                    }
                    case "constant" -> assertThat(s[2]).as(what).isEqualTo(spec.get("value").asDouble()).isEqualTo(s[3]);
                    default -> throw new IllegalStateException(spec.get("distribution").asText());
                }
            });
        }
    }

    @Test
    void initFunctionsFollowPyTorchsFormulas() {
        Generator g = new Generator(7);
        for (JsonNode f : ROOT.get("init_functions")) {
            Tensor w = Tensor.zeros(DefaultBackend.get(), Reference.shape(f));
            JsonNode a = f.get("args");
            JsonNode e = f.get("expected");
            String fn = f.get("function").asText();
            double gain = a.has("gain") ? a.get("gain").asDouble() : 1.0;
            Init.FanMode mode = a.has("mode") && a.get("mode").asText().equals("fan_out") ? Init.FanMode.FAN_OUT : Init.FanMode.FAN_IN;
            String nl = a.has("nonlinearity") ? a.get("nonlinearity").asText() : "leaky_relu";
            double slope = a.has("a") ? a.get("a").asDouble() : 0.0;
            switch (fn) {
                case "xavier_uniform_" -> Init.xavierUniform(w, gain, g);
                case "xavier_normal_" -> Init.xavierNormal(w, gain, g);
                case "kaiming_uniform_" -> Init.kaimingUniform(w, slope, mode, nl, g);
                case "kaiming_normal_" -> Init.kaimingNormal(w, slope, mode, nl, g);
                case "normal_" -> Init.normal(w, (float) a.get("mean").asDouble(), (float) a.get("std").asDouble(), g);
                case "uniform_" -> Init.uniform(w, (float) a.get("a").asDouble(), (float) a.get("b").asDouble(), g);
                case "constant_" -> Init.constant(w, (float) a.get("val").asDouble());
                case "zeros_" -> Init.zeros(w);
                case "ones_" -> Init.constant(w, 1f);
                case "sparse_" -> Init.sparse(w, a.get("sparsity").asDouble(), (float) a.get("std").asDouble(), g);
                default -> throw new IllegalStateException(fn);
            }
            float[] v = w.toFloatArray();
            double[] s = stats(v);
            String what = fn + " " + a;
            if (e.has("bound")) {
                assertThat(Math.max(-s[2], s[3])).as(what + " bound").isLessThanOrEqualTo(e.get("bound").asDouble());
                assertThat(Math.max(-s[2], s[3])).as(what + " bound reached").isGreaterThan(0.99 * e.get("bound").asDouble());
            }
            if (e.has("expected_std")) {
                assertThat(s[1]).as(what + " std").isCloseTo(e.get("expected_std").asDouble(), within(0.02 * e.get("expected_std").asDouble()));
            }
            if (e.has("value")) assertThat(s[2]).as(what).isEqualTo(e.get("value").asDouble()).isEqualTo(s[3]);
            if (e.has("zeros_per_column")) {
                int rows = w.size(0);
                int cols = w.size(1);
                for (int c = 0; c < cols; c++) {
                    int zeros = 0;
                    for (int r = 0; r < rows; r++) if (v[r * cols + c] == 0f) zeros++;
                    assertThat(zeros).as(what + " zeros in column " + c).isEqualTo(e.get("zeros_per_column").asInt());
                }
            }
        }
    }

    @Test
    void fansOfLinearAndConvWeights() {
        assertThat(Init.fanIn(Tensor.zeros(DefaultBackend.get(), Shape.of(32, 16, 5, 5)))).isEqualTo(400);
        assertThat(Init.fanOut(Tensor.zeros(DefaultBackend.get(), Shape.of(32, 16, 5, 5)))).isEqualTo(800);
        assertThat(Init.gain("relu", 0)).isEqualTo(Math.sqrt(2));
    }
}
