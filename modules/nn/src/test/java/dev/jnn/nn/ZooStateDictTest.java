package dev.jnn.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jnn.core.DefaultBackend;
import dev.jnn.core.Generator;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.NoGrad;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.nn.zoo.ModelZoo;
import dev.jnn.tck.OpCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zoo's state dicts have PyTorch's keys, shapes and dtypes, and load PyTorch-written files. */
class ZooStateDictTest {
    private static final JsonNode ZOO = Reference.load("zoo_state_dicts.json");

    @Test
    void stateDictKeysShapesAndDtypesEqualPyTorchs() {
        for (JsonNode m : ZOO.get("models")) {
            Module model = ModelZoo.create(m.get("model").asText());
            List<String> keys = new ArrayList<>(model.stateDict().keySet());
            List<String> want = new ArrayList<>();
            m.get("tensors").forEach(t -> want.add(t.get("key").asText()));
            assertThat(keys).as(m.get("model").asText()).containsExactlyElementsOf(want);
            for (JsonNode t : m.get("tensors")) {
                String key = t.get("key").asText();
                assertThat(model.stateDict().get(key).shape()).as(key).isEqualTo(Reference.shape(t));
                assertThat(model.integerStateKeys().contains(key)).as(key + " dtype").isEqualTo(t.get("dtype").asText().equals("I64"));
                assertThat(model.namedParameters().containsKey(key)).as(key + " is parameter").isEqualTo(t.get("is_parameter").asBoolean());
            }
            assertThat(model.parameterCount()).isEqualTo(m.get("parameter_count").asLong());
        }
    }

    @Test
    void pyTorchWrittenZooFilesLoad() throws IOException {
        for (String name : new String[] {"cnn", "lenet"}) {
            Module model = ModelZoo.create(name);
            StateDicts.load(model, Reference.DIR.resolve("zoo/" + name + ".safetensors"));
            var file = dev.jnn.nn.safetensors.SafeTensorsFile.read(Reference.DIR.resolve("zoo/" + name + ".safetensors"));
            model.stateDict().forEach((k, t) ->
                    assertThat(t.toFloatArray()).as(k).containsExactly(file.tensor(k).toFloatArray()));
        }
    }

    @Test
    void roundTripKeepsEveryValueAndTheMetadata(@TempDir Path dir) throws IOException {
        Generator.seedGlobal(1);
        Module a = ModelZoo.create("bn-mlp");
        try (MemoryScope ignored = MemoryScope.open()) {
            a.call(Tensor.randn(new Generator(2), 8, 1, 28, 28)); // moves the running statistics
        }
        Path f = dir.resolve("bn.safetensors");
        StateDicts.save(a, f, Map.of("model", "bn-mlp"));
        Generator.seedGlobal(99);
        Module b = ModelZoo.create("bn-mlp");
        assertThat(StateDicts.load(b, f)).containsEntry("model", "bn-mlp");
        a.stateDict().forEach((k, t) -> assertThat(b.stateDict().get(k).toFloatArray()).as(k).containsExactly(t.toFloatArray()));
        assertThat(b.stateDict().get("layer1.1.num_batches_tracked").item()).isEqualTo(1f);
        assertThat(dir.toFile().list()).containsExactly("bn.safetensors");
    }

    @Test
    void weightsOfAnotherModelListEveryMismatchAndChangeNothing(@TempDir Path dir) throws IOException {
        Module cnn = ModelZoo.create("cnn");
        Path f = dir.resolve("cnn.safetensors");
        StateDicts.save(cnn, f, Map.of());
        Module lenet = ModelZoo.create("lenet");
        float[] before = lenet.stateDict().get("conv1.weight").toFloatArray();
        assertThatThrownBy(() -> StateDicts.load(lenet, f))
                .isInstanceOf(StateDictMismatchException.class)
                .hasMessageContaining("missing conv1.weight [6, 1, 5, 5]")
                .hasMessageContaining("missing fc3.bias [10]")
                .hasMessageContaining("unexpected conv1.0.weight [16, 1, 5, 5]")
                .hasMessageContaining("unexpected out.weight [10, 1568]");
        assertThat(lenet.stateDict().get("conv1.weight").toFloatArray()).containsExactly(before);
    }

    @Test
    void aShapeMismatchNamesBothShapes(@TempDir Path dir) throws IOException {
        Module mlp = ModelZoo.create("linear");
        Path f = dir.resolve("l.safetensors");
        Map<String, dev.jnn.nn.safetensors.RawTensor> raw = new java.util.LinkedHashMap<>(StateDicts.toRaw(mlp));
        raw.put("layer3.bias", dev.jnn.nn.safetensors.RawTensor.ofFloats(new long[] {9}, new float[9]));
        dev.jnn.nn.safetensors.SafeTensorsFile.write(f, raw, Map.of());
        assertThatThrownBy(() -> StateDicts.load(ModelZoo.create("linear"), f))
                .hasMessageContaining("layer3.bias has shape [9]").hasMessageContaining("but [10] in the model");
    }

    @Test
    void zooModelsGiveLogitsForMnistShapedInput() {
        for (String name : ModelZoo.names()) {
            Module m = ModelZoo.create(name).eval();
            try (MemoryScope ignored = MemoryScope.open(); NoGrad ng = NoGrad.enter()) {
                Tensor y = m.call(Tensor.zeros(DefaultBackend.get(), Shape.of(3, 1, 28, 28)));
                assertThat(y.shape()).as(name).isEqualTo(Shape.of(3, 10));
            }
        }
        assertThatThrownBy(() -> ModelZoo.create("resnet")).hasMessageContaining("mlp, bn-mlp, cnn, lenet, linear");
    }

    @Test
    void summaryShowsTheTreeOutputShapesAndParameterCounts() {
        String s = Summary.of(ModelZoo.create("cnn"), 1, 1, 28, 28);
        assertThat(s).contains("(conv1): Sequential(").contains("(0): Conv2d(1, 16, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))")
                .contains("conv1.0 (Conv2d)").contains("[1, 16, 28, 28]").contains("conv2.2 (MaxPool2d)").contains("[1, 32, 7, 7]")
                .contains("out (Linear)").contains("[1, 10]").contains("Total params: 28,938");
    }

    @Test
    void reprMatchesPyTorchsPrintModel() {
        for (JsonNode m : ZOO.get("models")) {
            assertThat(ModelZoo.create(m.get("model").asText()).toString()).as(m.get("model").asText()).isEqualTo(m.get("repr").asText());
        }
    }

    @Test
    void dropoutIsReproducibleForASeedAndTheIdentityInEval() {
        Tensor x = Tensor.full(DefaultBackend.get(), Shape.of(4, 50), 1f);
        float[] a = new Dropout(0.5f, new Generator(3)).call(x).toFloatArray();
        float[] b = new Dropout(0.5f, new Generator(3)).call(x).toFloatArray();
        assertThat(a).containsExactly(b).contains(0f, 2f);
        Dropout d = new Dropout(0.5f, new Generator(3));
        d.eval();
        OpCheck.assertClose("eval", d.call(x).toFloatArray(), x.toFloatArray(), 0);
    }
}
