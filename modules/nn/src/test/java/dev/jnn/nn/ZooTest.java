package dev.jnn.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jnn.core.BackendScope;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.NoGrad;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.nn.safetensors.DType;
import dev.jnn.nn.safetensors.RawTensor;
import dev.jnn.nn.safetensors.SafeTensorsFile;
import dev.jnn.nn.zoo.ModelZoo;
import dev.jnn.testing.VectorBackendScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The zoo models against PyTorch's twins ({@code tools/reference/zoo.py}, zoo_state_dicts.json). */
@SuppressWarnings("try")   // MemoryScope and NoGrad are scopes, not resources the body uses
@ExtendWith(VectorBackendScope.class)
class ZooTest {
    private static final JsonNode ROOT = Reference.load("zoo_state_dicts.json");

    @TempDir
    Path dir;

    private static JsonNode reference(String model) {
        for (JsonNode m : ROOT.get("models")) if (m.get("model").asText().equals(model)) return m;
        throw new AssertionError("no reference for " + model);
    }

    @Test
    void zooListsTheFiveSeedModelsAndTheSpeedrun() {
        assertThat(ModelZoo.names()).containsExactly("mlp", "bn-mlp", "cnn", "lenet", "linear", "speedrun");
    }

    @Test
    void unknownModelNameListsTheValidOnes() {
        assertThatThrownBy(() -> ModelZoo.create("resnet"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'resnet'").hasMessageContaining("mlp, bn-mlp, cnn, lenet, linear, speedrun");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "bn-mlp", "cnn", "lenet", "linear", "speedrun"})
    void stateDictHasPyTorchsKeysShapesDtypesAndOrder(String name) {
        JsonNode ref = reference(name);
        Layer model = ModelZoo.create(name);
        Map<String, RawTensor> raw = StateDicts.toRaw(model);
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (JsonNode t : ref.get("tensors")) {
            expected.add(t.get("key").asText() + " " + t.get("shape") + " " + t.get("dtype").asText());
        }
        raw.forEach((k, r) -> actual.add(k + " " + Arrays.toString(r.shape()).replace(" ", "") + " " + r.dtype()));
        assertThat(actual).containsExactlyElementsOf(expected);
        List<String> parameters = new ArrayList<>();
        for (JsonNode t : ref.get("tensors")) if (t.get("is_parameter").asBoolean()) parameters.add(t.get("key").asText());
        assertThat(model.namedParameters().keySet()).containsExactlyElementsOf(parameters);
        assertThat(model.parameterCount()).isEqualTo(ref.get("parameter_count").asLong());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "bn-mlp", "cnn", "lenet", "linear", "speedrun"})
    void printedModelEqualsPyTorchsRepr(String name) {
        assertThat(ModelZoo.create(name).toString()).isEqualTo(reference(name).get("repr").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "bn-mlp", "cnn", "lenet", "linear", "speedrun"})
    void withDropoutTheModelPrintsAsItsPyTorchTwinAndKeepsItsStateDictKeys(String name) {
        JsonNode ref = reference(name).get("with_dropout");
        Layer model = ModelZoo.create(name, (float) ref.get("dropout").asDouble());
        assertThat(model.toString()).isEqualTo(ref.get("repr").asText());
        List<String> keys = new ArrayList<>();
        ref.get("keys").forEach(k -> keys.add(k.asText()));
        assertThat(model.stateDict().keySet()).containsExactlyElementsOf(keys);
        assertThat(ModelZoo.create(name).stateDict().keySet()).containsExactlyElementsOf(keys);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "bn-mlp", "cnn", "lenet", "linear", "speedrun"})
    void dropoutChangesTrainingOutputsOnlyAndNotTheInitialWeights(String name) {
        dev.jnn.core.Generator.seedGlobal(5);
        Layer plain = ModelZoo.create(name);
        dev.jnn.core.Generator.seedGlobal(5);
        Layer dropped = ModelZoo.create(name, 0.5f);
        Map<String, float[]> a = snapshot(plain);
        snapshot(dropped).forEach((k, v) -> assertThat(v).as(k).isEqualTo(a.get(k)));
        float[] x = pattern(2 * 784, 0.05f);
        try (MemoryScope ignored = MemoryScope.open(); NoGrad ng = NoGrad.enter()) {
            dev.jnn.core.spi.Backend be = plain.parameters().getFirst().backend();
            Tensor in = Tensor.of(be, x, Shape.of(2, 1, 28, 28));
            // Eval first: a training forward moves BatchNorm's running statistics.
            plain.eval();
            dropped.eval();
            assertThat(dropped.call(in).toFloatArray()).as("eval: no dropout").isEqualTo(plain.call(in).toFloatArray());
            plain.train();
            dropped.train();
            assertThat(dropped.call(in).toFloatArray()).as("train: dropout").isNotEqualTo(plain.call(in).toFloatArray());
        }
    }

    @Test
    void dropoutOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> ModelZoo.create("mlp", 1.5f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Dropout: p must be in [0, 1], got 1.5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "bn-mlp", "cnn", "lenet", "linear", "speedrun"})
    void everyModelMapsImagesToTenLogits(String name) {
        try (MemoryScope ignored = MemoryScope.open()) {
            Layer model = ModelZoo.create(name);
            Tensor y = model.call(Tensor.zeros(BackendScope.current(), Shape.of(3, 1, 28, 28)));
            assertThat(y.shape()).isEqualTo(Shape.of(3, 10));
        }
    }

    @Test
    void batchNormModelRoundTripsThroughSafetensorsWithIntegerCounters() throws IOException {
        Layer a = ModelZoo.create("bn-mlp");
        try (MemoryScope ignored = MemoryScope.open()) {
            // Two training forwards move the running statistics and the counters off their defaults.
            a.call(Tensor.of(BackendScope.current(), pattern(4 * 784, 0.37f), Shape.of(4, 1, 28, 28)));
            a.call(Tensor.of(BackendScope.current(), pattern(4 * 784, 0.11f), Shape.of(4, 1, 28, 28)));
        }
        Path file = dir.resolve("bn-mlp.safetensors");
        StateDicts.save(a, file, Map.of("model", "bn-mlp"));
        assertThat(dir.toFile().list()).as("no temporary file left behind").containsExactly("bn-mlp.safetensors");

        SafeTensorsFile f = SafeTensorsFile.read(file);
        assertThat(f.metadata()).containsEntry("model", "bn-mlp");
        assertThat(f.tensors().get("layer1.1.num_batches_tracked").dtype()).isEqualTo(DType.I64);
        assertThat(f.tensors().get("layer1.1.num_batches_tracked").shape()).isEmpty();
        assertThat(f.tensors().get("layer1.1.num_batches_tracked").toLongArray()).containsExactly(2L);

        Layer b = ModelZoo.create("bn-mlp");
        assertThat(StateDicts.load(b, file)).containsEntry("model", "bn-mlp");
        Map<String, Tensor> sa = a.stateDict();
        b.stateDict().forEach((k, t) -> assertThat(t.toFloatArray()).as(k).isEqualTo(sa.get(k).toFloatArray()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cnn", "lenet", "speedrun"})
    void pyTorchWrittenFileLoadsWithItsValues(String name) throws IOException {
        Layer model = ModelZoo.create(name);
        Map<String, String> meta = StateDicts.load(model, Reference.DIR.resolve("zoo/" + name + ".safetensors"));
        JsonNode file = ROOT.get("files").get(name);
        assertThat(meta).containsEntry("model", name).containsEntry("format", "pt");
        Map<String, Tensor> state = model.stateDict();
        file.get("tensors").fieldNames().forEachRemaining(k -> {
            float[] v = state.get(k).toFloatArray();
            double sum = 0;
            for (float x : v) sum += x;
            assertThat(sum).as(k).isCloseTo(file.get("tensors").get(k).get("sum").asDouble(), within(1e-4));
            JsonNode first = file.get("tensors").get(k).get("first");
            for (int i = 0; i < first.size(); i++) assertThat(v[i]).as(k).isEqualTo(Float.parseFloat(first.get(i).asText()));
        });
    }

    /**
     * Logits PyTorch 1.13 gives on the committed zoo files, eval mode, one thread, for
     * x[k] = sin(0.01·k) over [2, 1, 28, 28]: {@code MODELS[name]().load_state_dict(
     * safetensors_io.load_torch(file)); print(model.eval()(x).flatten())} with tools/reference.
     */
    private static final Map<String, float[]> PYTORCH_LOGITS = Map.of(
            "cnn", new float[] {-0.1298878788948059f, -0.01365464087575674f, 0.16203714907169342f, 0.1182129979133606f,
                0.11567070335149765f, -0.0203736312687397f, -0.09340701997280121f, 0.08847488462924957f,
                0.05002672225236893f, 0.24138502776622772f, -0.14690664410591125f, -0.015131955966353416f,
                0.21381771564483643f, 0.11722119152545929f, 0.00632896926254034f, -0.12080847471952438f,
                -0.04507993906736374f, -0.046129271388053894f, 0.11339163780212402f, -0.008686976507306099f},
            "lenet", new float[] {-0.04330425709486008f, -0.06808144599199295f, 0.03514375165104866f, 0.07870344817638397f,
                -0.05019008368253708f, 0.016264179721474648f, -0.03696645796298981f, 0.06443752348423004f,
                -0.009829244576394558f, 0.11244023591279984f, -0.051361724734306335f, -0.05937571078538895f,
                0.041186511516571045f, 0.0875946432352066f, -0.040728695690631866f, 0.02182118035852909f,
                -0.012783631682395935f, 0.07246077060699463f, -0.023013971745967865f, 0.115601547062397f},
            "speedrun", new float[] {0.03714451193809509f, 0.05440212041139603f, 0.04785121604800224f, -0.034872595220804214f,
                0.0520223006606102f, 0.05042199790477753f, 0.04020759090781212f, -0.02530539780855179f, 0.04819154366850853f,
                -0.04998890310525894f, 0.046283066272735596f, 0.03248126059770584f, 0.03845321014523506f, -0.03124554455280304f,
                0.0322900265455246f, 0.00939413532614708f, 0.030774908140301704f, -0.008955360390245914f, 0.032477967441082f,
                -0.06550473719835281f});

    @ParameterizedTest
    @ValueSource(strings = {"cnn", "lenet", "speedrun"})
    void pyTorchWeightsGiveTheSameLogitsAsPyTorch(String name) throws IOException {
        Layer model = ModelZoo.create(name);
        StateDicts.load(model, Reference.DIR.resolve("zoo/" + name + ".safetensors"));
        model.eval();
        float[] x = new float[2 * 784];
        for (int k = 0; k < x.length; k++) x[k] = (float) Math.sin(0.01 * k);
        try (MemoryScope ignored = MemoryScope.open(); NoGrad ng = NoGrad.enter()) {
            float[] y = model.call(Tensor.of(BackendScope.current(), x, Shape.of(2, 1, 28, 28))).toFloatArray();
            dev.jnn.tck.OpCheck.assertClose(name + " logits", y, PYTORCH_LOGITS.get(name), 1e-5);
        }
    }

    @Test
    void anotherModelsWeightsAreRefusedWithEveryMismatchAndNothingLoaded() {
        Layer cnn = ModelZoo.create("cnn");
        Map<String, float[]> before = snapshot(cnn);
        Path lenetFile = Reference.DIR.resolve("zoo/lenet.safetensors");
        assertThatThrownBy(() -> StateDicts.load(cnn, lenetFile))
                .isInstanceOfSatisfying(StateDictMismatchException.class, e -> {
                    // cnn has 6 tensors, lenet 10, none shared: all 16 are named.
                    assertThat(e.problems()).hasSize(16);
                    assertThat(e.problems()).contains("missing conv1.0.weight [16, 1, 5, 5]", "missing out.bias [10]",
                            "unexpected conv1.weight [6, 1, 5, 5]", "unexpected fc3.bias [10]");
                    assertThat(e.getMessage()).startsWith("weights in lenet.safetensors do not fit Cnn (16 problems; load weights saved from the same architecture): missing conv1.0.weight").doesNotContain("\n");
                });
        assertThat(snapshot(cnn)).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(before.get(k)));
    }

    @Test
    void shapeMismatchIsListedAndTheModelStaysUntouched() {
        Layer target = ModelZoo.create("linear");
        Map<String, float[]> before = snapshot(target);
        Map<String, RawTensor> raw = new LinkedHashMap<>(StateDicts.toRaw(ModelZoo.create("linear")));
        raw.put("layer2.weight", RawTensor.ofFloats(new long[] {100, 299}, new float[100 * 299]));
        raw.remove("layer3.bias");
        raw.put("layer4.weight", RawTensor.ofFloats(new long[] {1}, 1f));
        assertThatThrownBy(() -> StateDicts.loadRaw(target, raw, "test weights"))
                .isInstanceOfSatisfying(StateDictMismatchException.class, e -> assertThat(e.problems()).containsExactly(
                        "layer2.weight has shape [100, 299] in test weights but [100, 300] in the model",
                        "missing layer3.bias [10]",
                        "unexpected layer4.weight [1]"));
        // layer1 fits, yet nothing was copied: loading validates everything before writing anything.
        assertThat(snapshot(target)).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(before.get(k)));
    }

    @Test
    void unsupportedDtypeIsNamed() {
        Layer target = new Linear(2, 1);
        Map<String, RawTensor> raw = new LinkedHashMap<>(StateDicts.toRaw(target));
        raw.put("bias", new RawTensor(DType.U8, new long[] {1}, java.nio.ByteBuffer.allocate(1)));
        assertThatThrownBy(() -> StateDicts.loadRaw(target, raw, "w"))
                .isInstanceOfSatisfying(StateDictMismatchException.class, e -> assertThat(e.problems())
                        .containsExactly("bias has dtype U8, jnn loads F32, F64, F16, BF16, I64 and I32"));
    }

    private static Map<String, float[]> snapshot(Layer m) {
        Map<String, float[]> out = new LinkedHashMap<>();
        m.stateDict().forEach((k, t) -> out.put(k, t.toFloatArray()));
        return out;
    }

    static float[] pattern(int n, float phase) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) Math.sin(0.05 * i + phase);
        return v;
    }

    @Test
    void writtenFileIsReadableAsPlainSafetensors() throws IOException {
        Path file = dir.resolve("cnn.safetensors");
        StateDicts.save(ModelZoo.create("cnn"), file, Map.of());
        assertThat(Files.size(file)).isGreaterThan(4L * 28_938);
        assertThat(SafeTensorsFile.read(file).tensors()).containsOnlyKeys(ModelZoo.create("cnn").stateDict().keySet());
    }
}
