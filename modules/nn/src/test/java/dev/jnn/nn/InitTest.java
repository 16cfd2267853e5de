package dev.jnn.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jnn.core.Generator;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.Tensor;
import dev.jnn.nn.init.Init;
import dev.jnn.testing.VectorBackendScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Default initialisation and {@code nn.init} against PyTorch 1.13's formulas and one draw of each
 * (init.json, tools/reference/init.py): uniform bounds strictly, means and standard deviations
 * within about 4 standard errors.
 */
@SuppressWarnings("try")   // MemoryScope and NoGrad are scopes, not resources the body uses
@ExtendWith(VectorBackendScope.class)
class InitTest {
    private static final JsonNode ROOT = Reference.load("init.json");

    /** Summary statistics of a draw. */
    record Stats(double mean, double std, double min, double max, double zeroFraction) {
        static Stats of(float[] v) {
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int zeros = 0;
            for (float x : v) {
                sum += x;
                min = Math.min(min, x);
                max = Math.max(max, x);
                if (x == 0f) zeros++;
            }
            double mean = sum / v.length;
            double ss = 0;
            for (float x : v) ss += (x - mean) * (x - mean);
            return new Stats(mean, Math.sqrt(ss / Math.max(1, v.length - 1)), min, max, (double) zeros / v.length);
        }
    }

    static Stream<Named<JsonNode>> layerDefaults() {
        List<Named<JsonNode>> out = new ArrayList<>();
        ROOT.get("layer_defaults").forEach(n -> out.add(Named.of(n.get("layer").asText(), n)));
        return out.stream();
    }

    static Stream<Named<JsonNode>> initFunctions() {
        List<Named<JsonNode>> out = new ArrayList<>();
        ROOT.get("init_functions").forEach(n -> out.add(Named.of(n.get("function").asText() + n.get("args"), n)));
        return out.stream();
    }

    private static Layer layer(String spec) {
        return switch (spec) {
            case "Linear(784,512)" -> new Linear(784, 512);
            case "Linear(100,10)" -> new Linear(100, 10);
            case "Conv2d(16,32,5)" -> new Conv2d(16, 32, 5);
            case "Conv2d(1,6,5)" -> new Conv2d(1, 6, 5);
            case "BatchNorm1d(300)" -> new BatchNorm1d(300);
            default -> throw new IllegalStateException("no layer for " + spec);
        };
    }

    /** Checks a draw against its distribution; small draws (a bias of 6) only against the bounds. */
    private static void assertDistribution(String what, float[] v, JsonNode expected, String distribution) {
        Stats s = Stats.of(v);
        int n = v.length;
        switch (distribution) {
            case "uniform" -> {
                double b = expected.has("bound") ? expected.get("bound").asDouble() : Double.NaN;
                double lo = expected.has("low") ? expected.get("low").asDouble() : -b;
                double hi = expected.has("high") ? expected.get("high").asDouble() : b;
                assertThat(s.min()).as(what + " min").isGreaterThanOrEqualTo((float) lo);
                assertThat(s.max()).as(what + " max").isLessThanOrEqualTo((float) hi);
                double std = expected.get("expected_std").asDouble();
                if (n >= 1000) {
                    assertThat(s.mean()).as(what + " mean").isCloseTo((lo + hi) / 2, within(4 * std / Math.sqrt(n)));
                    assertThat(s.std()).as(what + " std").isCloseTo(std, within(stdTolerance(n) * std));
                    // A uniform draw this large reaches close to both ends.
                    assertThat(s.max() - s.min()).as(what + " range").isGreaterThan(0.99 * (hi - lo));
                }
            }
            case "normal" -> {
                double std = expected.get("expected_std").asDouble();
                double mean = expected.has("expected_mean") ? expected.get("expected_mean").asDouble() : 0;
                assertThat(s.mean()).as(what + " mean").isCloseTo(mean, within(4 * std / Math.sqrt(n)));
                assertThat(s.std()).as(what + " std").isCloseTo(std, within(stdTolerance(n) * std));
            }
            case "constant" -> {
                float value = (float) (expected.has("value") ? expected.get("value") : expected.get("expected").get("value")).asDouble();
                for (float x : v) assertThat(x).as(what).isEqualTo(value);
            }
            default -> throw new IllegalStateException(distribution);
        }
    }

    /**
     * Relative tolerance for a sample standard deviation: about 4 standard errors (the relative
     * standard error is 0.45/√n for a uniform draw and 0.71/√n for a normal one), at least 1%.
     */
    private static double stdTolerance(int n) {
        return Math.max(0.01, 3 / Math.sqrt(n));
    }

    @ParameterizedTest
    @MethodSource("layerDefaults")
    void layerDefaultInitHasPyTorchsDistribution(JsonNode c) {
        Generator.seedGlobal(0);
        try (MemoryScope ignored = MemoryScope.open()) {
            Layer m = layer(c.get("layer").asText());
            Map<String, Tensor> state = m.stateDict();
            c.get("tensors").fieldNames().forEachRemaining(name -> {
                JsonNode t = c.get("tensors").get(name);
                Tensor actual = state.get(name);
                assertThat(actual.shape().dims()).as(name).containsExactly(Reference.ints(t.get("shape")));
                assertThat(m.integerStateKeys().contains(name)).as(name + " is int64").isEqualTo(t.get("dtype").asText().equals("int64"));
                assertDistribution(name, actual.toFloatArray(), t, t.get("distribution").asText());
            });
            if (c.has("fan_in")) {
                Tensor w = m.namedParameters().get("weight");
                assertThat(Init.fanIn(w)).isEqualTo(c.get("fan_in").asInt());
                assertThat(Init.fanOut(w)).isEqualTo(c.get("fan_out").asInt());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("initFunctions")
    void initFunctionHasPyTorchsDistribution(JsonNode c) {
        JsonNode args = c.get("args");
        Generator g = new Generator(42);
        try (MemoryScope ignored = MemoryScope.open()) {
            int[] dims = Reference.ints(c.get("shape"));
            Tensor w = Tensor.zeros(dims);
            String fn = c.get("function").asText();
            String nonlinearity = args.has("nonlinearity") ? args.get("nonlinearity").asText() : "leaky_relu";
            double a = args.has("a") ? args.get("a").asDouble() : 0;
            Init.FanMode mode = args.has("mode") && args.get("mode").asText().equals("fan_out") ? Init.FanMode.FAN_OUT : Init.FanMode.FAN_IN;
            double gain = args.has("gain") ? args.get("gain").asDouble() : 1;
            switch (fn) {
                case "xavier_uniform_" -> Init.xavierUniform(w, gain, g);
                case "xavier_normal_" -> Init.xavierNormal(w, gain, g);
                case "kaiming_uniform_" -> Init.kaimingUniform(w, a, mode, nonlinearity, g);
                case "kaiming_normal_" -> Init.kaimingNormal(w, a, mode, nonlinearity, g);
                case "normal_" -> Init.normal(w, (float) args.get("mean").asDouble(), (float) args.get("std").asDouble(), g);
                case "uniform_" -> Init.uniform(w, (float) args.get("a").asDouble(), (float) args.get("b").asDouble(), g);
                case "constant_" -> Init.constant(w, (float) args.get("val").asDouble());
                case "zeros_" -> Init.zeros(w);
                case "ones_" -> Init.constant(w, 1f);
                case "sparse_" -> Init.sparse(w, args.get("sparsity").asDouble(), (float) args.get("std").asDouble(), g);
                default -> throw new IllegalStateException(fn);
            }
            float[] v = w.toFloatArray();
            if (fn.equals("sparse_")) {
                assertSparse(v, dims[0], dims[1], c.get("expected"));
            } else {
                assertDistribution(fn, v, c.get("expected"), c.get("distribution").asText());
            }
        }
    }

    private static void assertSparse(float[] v, int rows, int cols, JsonNode expected) {
        int zerosPerColumn = expected.get("zeros_per_column").asInt();
        List<Float> nonzero = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
            int zeros = 0;
            for (int r = 0; r < rows; r++) {
                float x = v[r * cols + c];
                if (x == 0f) zeros++;
                else nonzero.add(x);
            }
            assertThat(zeros).as("zeros in column " + c).isEqualTo(zerosPerColumn);
        }
        float[] nz = new float[nonzero.size()];
        for (int i = 0; i < nz.length; i++) nz[i] = nonzero.get(i);
        double std = expected.get("nonzero_std").asDouble();
        Stats s = Stats.of(nz);
        assertThat(s.std()).isCloseTo(std, within(0.02 * std));
        assertThat(s.mean()).isCloseTo(0, within(4 * std / Math.sqrt(nz.length)));
    }

    @Test
    void gainsArePyTorchs() {
        JsonNode gains = ROOT.get("gains");
        assertThat(Init.gain("linear", 0)).isEqualTo(gains.get("linear").asDouble());
        assertThat(Init.gain("conv2d", 0)).isEqualTo(gains.get("conv2d").asDouble());
        assertThat(Init.gain("sigmoid", 0)).isEqualTo(gains.get("sigmoid").asDouble());
        assertThat(Init.gain("tanh", 0)).isCloseTo(gains.get("tanh").asDouble(), within(1e-15));
        assertThat(Init.gain("relu", 0)).isCloseTo(gains.get("relu").asDouble(), within(1e-15));
        assertThat(Init.gain("leaky_relu", 0.01)).isCloseTo(gains.get("leaky_relu").asDouble(), within(1e-15));
        assertThat(Init.gain("leaky_relu", 0.2)).isCloseTo(gains.get("leaky_relu(0.2)").asDouble(), within(1e-15));
        assertThat(Init.gain("selu", 0)).isEqualTo(gains.get("selu").asDouble());
        assertThatThrownBy(() -> Init.gain("swish", 0)).hasMessageContaining("'swish'");
    }

    @Test
    void sameSeedGivesTheSameWeights() {
        Generator.seedGlobal(7);
        float[] a = new Linear(30, 20).weight().toFloatArray();
        Generator.seedGlobal(7);
        float[] b = new Linear(30, 20).weight().toFloatArray();
        float[] c = new Linear(30, 20).weight().toFloatArray();
        assertThat(a).containsExactly(b);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void fansNeedTwoDimensions() {
        assertThatThrownBy(() -> Init.fanIn(Tensor.zeros(5))).hasMessageContaining("at least 2 dimensions");
        assertThatThrownBy(() -> Init.sparse(Tensor.zeros(2, 2, 2), 0.1, 0.01f, new Generator(1))).hasMessageContaining("2-d");
    }
}
