package dev.jnn.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jnn.core.BackendScope;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the PyTorch 1.13 reference values of {@code reference-data/} (see its README). */
final class Reference {
    static final Path DIR = Path.of("../../reference-data");

    private Reference() {
    }

    static JsonNode load(String file) {
        try {
            return new ObjectMapper().readTree(Files.readString(DIR.resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[] floats(JsonNode tensor) {
        JsonNode data = tensor.has("data") ? tensor.get("data") : tensor;
        float[] v = new float[data.size()];
        for (int i = 0; i < v.length; i++) v[i] = Float.parseFloat(data.get(i).asText());
        return v;
    }

    static int[] ints(JsonNode array) {
        int[] d = new int[array.size()];
        for (int i = 0; i < d.length; i++) d[i] = array.get(i).asInt();
        return d;
    }

    static Shape shape(JsonNode tensor) {
        JsonNode s = tensor.get("shape");
        int[] d = new int[s.size()];
        for (int i = 0; i < d.length; i++) d[i] = s.get(i).asInt();
        return Shape.of(d);
    }

    static Tensor tensor(JsonNode tensor) {
        return Tensor.of(BackendScope.current(), floats(tensor), shape(tensor));
    }
}
