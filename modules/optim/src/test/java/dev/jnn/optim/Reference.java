package dev.jnn.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PyTorch 1.13's optimizer and scheduler trajectories, written by {@code tools/reference/optimizers.py}
 * into {@code reference-data/optimizers.json}, and helpers to rebuild its problems in jnn.
 */
public final class Reference {
    public static final JsonNode ROOT = read();

    private Reference() {
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(Files.readString(Path.of("../../reference-data/optimizers.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The run named {@code name} from the "optimizers" list. */
    static JsonNode optimizerRun(String name) {
        for (JsonNode run : ROOT.get("optimizers")) if (run.get("name").asText().equals(name)) return run;
        throw new IllegalArgumentException("no optimizer run " + name);
    }

    /** The names of all optimizer runs. */
    static List<String> optimizerRuns() {
        List<String> out = new ArrayList<>();
        for (JsonNode run : ROOT.get("optimizers")) out.add(run.get("name").asText());
        return out;
    }

    static float[] floats(JsonNode tensor) {
        JsonNode data = tensor.get("data");
        float[] v = new float[data.size()];
        for (int i = 0; i < v.length; i++) v[i] = Float.parseFloat(data.get(i).asText());
        return v;
    }

    static Tensor tensor(Backend backend, JsonNode node) {
        JsonNode shape = node.get("shape");
        int[] dims = new int[shape.size()];
        for (int i = 0; i < dims.length; i++) dims[i] = shape.get(i).asInt();
        return Tensor.of(backend, floats(node), Shape.of(dims));
    }

    /** The dense problem: x [5,4], y [5,3], parameters w [3,4] and b [3] at their initial values. */
    record Dense(Tensor x, Tensor y, Tensor w, Tensor b) {
        static Dense create(Backend backend) {
            JsonNode p = ROOT.get("dense_problem");
            return new Dense(tensor(backend, p.get("x")), tensor(backend, p.get("y")),
                    tensor(backend, p.get("initial").get("w")).requiresGrad(true),
                    tensor(backend, p.get("initial").get("b")).requiresGrad(true));
        }

        /** {@code mean((x @ w.T + b - y)^2) + 0.1 * sum(w^4)}, as the script defines it. */
        Tensor loss() {
            return x.matmul(w.t()).add(b).sub(y).square().mean().add(w.pow(4f).sum().mul(0.1f));
        }

        List<Tensor> params() {
            return List.of(w, b);
        }
    }

    /** The sparse problem: an embedding E [6,3] whose rows {@code idx} are looked up each step. */
    record Sparse(Tensor e, Tensor tgt, Backend backend) {
        static Sparse create(Backend backend) {
            JsonNode p = ROOT.get("sparse_problem");
            return new Sparse(tensor(backend, p.get("initial").get("E")).requiresGrad(true),
                    tensor(backend, p.get("tgt")), backend);
        }

        /** {@code rows = E[idx]; sum((rows - tgt)^2) + 0.1 * sum(rows^4)}. */
        Tensor loss(int[] idx) {
            float[] f = new float[idx.length];
            for (int i = 0; i < f.length; i++) f[i] = idx[i];
            Tensor rows = e.indexSelect(0, Tensor.of(backend, f, Shape.of(f.length)));
            return rows.sub(tgt).square().sum().add(rows.pow(4f).sum().mul(0.1f));
        }
    }

    /** Builds optimizer {@code cls} over {@code params} with PyTorch's hyper-parameters from the JSON. */
    @SuppressWarnings("unchecked")
    static Optimizer optimizer(String cls, List<Tensor> params, JsonNode hyper) {
        return Optimizers.create(cls, params, new ObjectMapper().convertValue(hyper, Map.class));
    }
}
