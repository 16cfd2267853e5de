package dev.jnn.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jnn.core.Generator;
import dev.jnn.nn.init.WeightInit;
import dev.jnn.nn.zoo.ModelZoo;
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
 * {@code jnn train --init}'s schemes on the zoo models against PyTorch 1.13 applying the same scheme to
 * the same model (reference-data/train_flags.json, tools/reference/train_flags.py): the bound or
 * standard deviation of every weight from PyTorch's fan and gain functions, the draw's statistics within
 * about 5 standard errors of it and of PyTorch's own draw, and biases left as the default init drew them.
 */
@ExtendWith(VectorBackendScope.class)
class WeightInitTest {
    private static final JsonNode ROOT = Reference.load("train_flags.json");

    static Stream<Named<JsonNode>> schemes() {
        List<Named<JsonNode>> out = new ArrayList<>();
        ROOT.get("init_schemes").forEach(n -> out.add(Named.of(n.get("model").asText() + " " + n.get("init").asText(), n)));
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void schemeDrawsWhatPyTorchDrawsAndLeavesBiasesAlone(JsonNode ref) {
        String model = ref.get("model").asText();
        Generator.seedGlobal(7);
        Map<String, float[]> defaults = snapshot(ModelZoo.create(model));
        Generator.seedGlobal(7);
        Layer m = ModelZoo.create(model);
        WeightInit.parse(ref.get("init").asText()).apply(m, Generator.global());
        Map<String, float[]> after = snapshot(m);
        for (JsonNode key : ref.get("unchanged")) {
            assertThat(after.get(key.asText())).as(key.asText() + " keeps the default init").isEqualTo(defaults.get(key.asText()));
        }
        ref.get("weights").fieldNames().forEachRemaining(k -> checkWeight(k, after.get(k), ref.get("weights").get(k)));
        assertThat(ref.get("weights").size() + ref.get("unchanged").size()).isEqualTo(after.size());
    }

    private static void checkWeight(String key, float[] w, JsonNode ref) {
        JsonNode exp = ref.get("expected");
        JsonNode torch = ref.get("empirical");
        InitTest.Stats s = InitTest.Stats.of(w);
        int n = w.length;
        assertThat(n).as(key).isEqualTo(torch.get("count").asInt());
        switch (exp.get("distribution").asText()) {
            case "constant" -> assertThat(w).as(key).containsOnly((float) exp.get("value").asDouble());
            case "sparse_normal" -> {
                int rows = ref.get("shape").get(0).asInt();
                int cols = ref.get("shape").get(1).asInt();
                int zerosPerColumn = exp.get("zeros_per_column").asInt();
                for (int c = 0; c < cols; c++) {
                    int zeros = 0;
                    for (int r = 0; r < rows; r++) if (w[r * cols + c] == 0f) zeros++;
                    assertThat(zeros).as("%s: zeros in column %d", key, c).isEqualTo(zerosPerColumn);
                }
                assertThat(s.zeroFraction()).as(key).isCloseTo(torch.get("zero_fraction").asDouble(), within(1e-12));
            }
            default -> {
                double std = exp.get("std").asDouble();
                if (exp.has("bound")) {
                    // jnn rounds the bound to float32 once; allow that rounding.
                    double bound = exp.get("bound").asDouble() * (1 + 1e-6);
                    assertThat(s.min()).as(key).isGreaterThanOrEqualTo(-bound);
                    assertThat(s.max()).as(key).isLessThanOrEqualTo(bound);
                }
                // The mean of n draws has standard error std/√n, the sample std about std/√(2n).
                assertThat(s.mean()).as(key + " mean").isCloseTo(0, within(5 * std / Math.sqrt(n)));
                assertThat(s.std()).as(key + " std").isCloseTo(std, within(5 * std / Math.sqrt(2.0 * n)));
                assertThat(s.std()).as(key + " std against PyTorch's draw")
                        .isCloseTo(torch.get("std").asDouble(), within(10 * std / Math.sqrt(2.0 * n)));
            }
        }
    }

    private static Map<String, float[]> snapshot(Layer m) {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        m.stateDict().forEach((k, t) -> out.put(k, t.toFloatArray()));
        return out;
    }

    @Test
    void pytorchSchemeChangesNothing() {
        Generator.seedGlobal(3);
        Map<String, float[]> a = snapshot(ModelZoo.create("mlp"));
        Generator.seedGlobal(3);
        Layer m = ModelZoo.create("mlp");
        WeightInit.PYTORCH.apply(m, Generator.global());
        snapshot(m).forEach((k, v) -> assertThat(v).as(k).isEqualTo(a.get(k)));
    }

    @Test
    void namesParseWithTheirDefaultsAndPrintBack() {
        assertThat(WeightInit.parse("Xavier-Normal")).isEqualTo(new WeightInit("xavier-normal", Double.NaN));
        assertThat(WeightInit.parse("normal")).isEqualTo(new WeightInit("normal", 0.01));
        assertThat(WeightInit.parse("uniform")).isEqualTo(new WeightInit("uniform", 0.01));
        assertThat(WeightInit.parse("sparse")).isEqualTo(new WeightInit("sparse", 0.1));
        assertThat(WeightInit.parse("normal:0.02").toString()).isEqualTo("normal:0.02");
        assertThat(WeightInit.parse("pytorch")).isEqualTo(WeightInit.PYTORCH);
        assertThat(WeightInit.PYTORCH.toString()).isEqualTo("pytorch");
        for (String s : WeightInit.SCHEMES) assertThat(WeightInit.parse(WeightInit.parse(s).toString())).isEqualTo(WeightInit.parse(s));
    }

    @Test
    void badNamesAndValuesAreRefusedAsPyTorchRefusesThem() {
        assertThatThrownBy(() -> WeightInit.parse("glorot")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown initialisation 'glorot'; valid: pytorch, zeros, normal[:STD], uniform[:A], xavier-uniform, "
                        + "xavier-normal, kaiming-uniform, kaiming-normal, sparse[:FRACTION]");
        assertThatThrownBy(() -> WeightInit.parse("normal:-1")).hasMessage("normal: std must be a number >= 0, got -1.0");
        assertThatThrownBy(() -> WeightInit.parse("uniform:-0.1")).hasMessage("uniform: the bound must be a number >= 0, got -0.1");
        assertThatThrownBy(() -> WeightInit.parse("sparse:1.5")).hasMessage("sparse: the fraction of zeros must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> WeightInit.parse("normal:abc")).hasMessage("normal: 'abc' is not a number");
        assertThatThrownBy(() -> WeightInit.parse("xavier-uniform:2")).hasMessage("xavier-uniform takes no value, got 2.0");
    }

    @Test
    void sparseIsRefusedForConvWeightsLikePyTorchsSparse() {
        Layer cnn = ModelZoo.create("cnn");
        assertThatThrownBy(() -> WeightInit.parse("sparse").apply(cnn, Generator.global()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sparse initialisation takes 2-d weights only (as PyTorch's sparse_), and Cnn has conv weights of shape [16, 1, 5, 5]");
    }
}
