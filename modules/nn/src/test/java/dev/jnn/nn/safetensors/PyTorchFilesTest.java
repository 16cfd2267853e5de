package dev.jnn.nn.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jnn.nn.safetensors.internal.StrictJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the files PyTorch 1.13 wrote (tools/reference/zoo_state_dicts.py, via
 * tools/reference/safetensors_io.py) and checks them against reference-data/zoo_state_dicts.json.
 */
class PyTorchFilesTest {

    /** Surefire runs in the module folder, modules/nn. */
    static final Path REFERENCE = Path.of("../../reference-data");

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String path) throws IOException {
        return (Map<String, Object>) StrictJson.parse(Files.readString(REFERENCE.resolve(path)));
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String... keys) {
        Object o = node;
        for (String k : keys) {
            o = ((Map<String, Object>) o).get(k);
        }
        return (T) o;
    }

    static double number(Object o) {
        return o instanceof BigInteger i ? i.doubleValue() : ((BigDecimal) o).doubleValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cnn", "lenet"})
    void zooFileHasTheStateDictLayoutAndValuesPyTorchWrote(String model) throws IOException {
        Map<String, Object> ref = json("zoo_state_dicts.json");
        List<Object> models = at(ref, "models");
        Map<String, Object> layout = models.stream().map(PyTorchFilesTest::cast)
                .filter(m -> m.get("model").equals(model)).findFirst().orElseThrow();
        Map<String, Object> file = at(ref, "files", model);

        SafeTensorsFile f = SafeTensorsFile.read(REFERENCE.resolve("zoo/" + model + ".safetensors"));
        List<Object> expected = at(layout, "tensors");
        assertThat(f.tensors()).hasSize(expected.size());
        assertThat(f.metadata()).isEqualTo(at(file, "metadata"));
        int i = 0;
        for (Map.Entry<String, RawTensor> e : f.tensors().entrySet()) {
            Map<String, Object> exp = cast(expected.get(i++));
            assertThat(e.getKey()).isEqualTo(exp.get("key"));
            assertThat(e.getValue().dtype().name()).isEqualTo(exp.get("dtype"));
            List<Object> shape = at(exp, "shape");
            assertThat(e.getValue().shape()).containsExactly(shape.stream().mapToLong(s -> ((BigInteger) s).longValue()).toArray());
            float[] values = e.getValue().toFloatArray();
            Map<String, Object> digest = at(file, "tensors", e.getKey());
            double sum = 0;
            for (float v : values) {
                sum += v;
            }
            assertThat(sum).as(e.getKey()).isCloseTo(number(digest.get("sum")), within(1e-9));
            List<Object> first = at(digest, "first");
            for (int k = 0; k < first.size(); k++) {
                assertThat(values[k]).isEqualTo((float) number(first.get(k)));
            }
        }
    }

    @Test
    void mixedDtypeFileReadsEveryTypeExactly() throws IOException {
        Map<String, Object> ref = at(json("zoo_state_dicts.json"), "files", "mixed-dtypes");
        SafeTensorsFile f = SafeTensorsFile.read(REFERENCE.resolve("zoo/mixed-dtypes.safetensors"));
        Map<String, Object> tensors = at(ref, "tensors");
        assertThat(f.tensors().keySet()).containsExactlyElementsOf(tensors.keySet());
        assertThat(f.tensor("bn.num_batches_tracked").dtype()).isEqualTo(DType.I64);
        assertThat(f.tensor("bn.num_batches_tracked").shape()).isEmpty();
        for (Map.Entry<String, Object> e : tensors.entrySet()) {
            RawTensor t = f.tensor(e.getKey());
            assertThat(t.dtype().name()).isEqualTo(at(e.getValue(), "dtype"));
            List<Object> values = at(e.getValue(), "values");
            if (t.dtype().isFloatingPoint()) {
                assertThat(t.toDoubleArray()).containsExactly(values.stream().mapToDouble(PyTorchFilesTest::number).toArray());
            } else {
                assertThat(t.toLongArray()).containsExactly(values.stream().mapToLong(v -> ((BigInteger) v).longValue()).toArray());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cnn", "lenet", "mixed-dtypes"})
    void javaWriterReproducesThePythonWrittenFileByteForByte(String name) throws IOException {
        // Both writers emit compact JSON, metadata first, tensors in state_dict order, space padding.
        Path original = REFERENCE.resolve("zoo/" + name + ".safetensors");
        Path copy = dir.resolve(name + ".safetensors");
        SafeTensorsFile.read(original).write(copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(original));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }
}
