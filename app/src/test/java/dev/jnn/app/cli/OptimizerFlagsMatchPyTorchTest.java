package dev.jnn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jnn.app.Io;
import dev.jnn.app.wiring.OptimizerArgs;
import dev.jnn.app.wiring.TrainSettings;
import dev.jnn.core.Backends;
import dev.jnn.core.Functional;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.nn.CrossEntropyLoss;
import dev.jnn.optim.LBFGS;
import dev.jnn.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Seed 003's optimizer argument combinations typed as {@code jnn train} flags, against PyTorch 1.13
 * running the same arguments (reference-data/train_flags.json, tools/reference/train_flags.py): the
 * flags are parsed by the train command into its settings, the optimizer is built the way a run builds
 * it ({@link OptimizerArgs#create}), and trained on the file's miniature of seed 003's net. Every
 * argument in force equals PyTorch's {@code optimizer.defaults}; the losses and parameters follow
 * PyTorch's within float32 rounding.
 */
@SuppressWarnings("try")   // MemoryScope is a scope, not a resource the body uses
class OptimizerFlagsMatchPyTorchTest {
    // As optimizers.json's tests (reference-data/README.md): 1e-5 relative tells a right update rule
    // from a wrong one. LBFGS's iterations amplify rounding (LbfgsReferenceTest): its losses and
    // parameters are compared within 1e-4 of their scale; here its loss falls from 1.37 to 0.009 in
    // five calls, and the last one differs from PyTorch's by 8.5e-6 (6e-6 of the first loss).
    private static final double REL = 1e-5;
    private static final double ABS = 1e-7;
    private static final double LBFGS_REL = 1e-4;
    private static final JsonNode ROOT = read();
    private static Backend backend;

    @BeforeAll
    static void open() {
        backend = Backends.load().create("vector", new BackendConfig(1, false));
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(Files.readString(Path.of("../reference-data/train_flags.json")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Named<JsonNode>> runs() {
        List<Named<JsonNode>> out = new ArrayList<>();
        ROOT.get("optimizer_runs").forEach(r -> out.add(Named.of(r.get("name").asText() + ": " + r.get("flags").asText(), r)));
        return out.stream();
    }

    /** The settings {@code jnn train --model linear <flags>} runs with. */
    static TrainSettings settings(String flags) {
        TrainCommand cmd = new TrainCommand(new Io(System.out, System.err));
        List<String> args = new ArrayList<>(List.of("--model", "linear"));
        args.addAll(List.of(flags.split(" ")));
        new CommandLine(cmd).parseArgs(args.toArray(String[]::new));
        return cmd.settings();
    }

    @ParameterizedTest
    @MethodSource("runs")
    void flagsTrainLikePyTorchWithTheSameArguments(JsonNode run) {
        TrainSettings s = settings(run.get("flags").asText());
        JsonNode prob = ROOT.get("problem");
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (JsonNode key : prob.get("param_order")) {
            params.put(key.asText(), tensor(prob.get("initial").get(key.asText())).requiresGrad(true));
        }
        Optimizer opt = OptimizerArgs.create(s.optimizer(), List.copyOf(params.values()), s.optimizerArgs());
        assertThat(opt.name()).isEqualTo(run.get("optimizer").asText());
        assertArgumentsArePyTorchs(OptimizerArgs.inForce(opt), run.get("defaults"));

        Tensor x = tensor(prob.get("x"));
        Tensor y = labels(prob.get("y"));
        boolean lbfgs = opt instanceof LBFGS;
        JsonNode losses = run.get("losses");
        for (int k = 1; k <= losses.size(); k++) {
            try (MemoryScope ignored = MemoryScope.open()) {
                float loss;
                if (lbfgs) {
                    loss = opt.step(() -> {
                        opt.zeroGrad();
                        Tensor l = loss(params, x, y);
                        l.backward();
                        return l;
                    }).item();
                } else {
                    opt.zeroGrad();
                    Tensor l = loss(params, x, y);
                    l.backward();
                    loss = l.item();
                    opt.step();
                }
                double expected = losses.get(k - 1).asDouble();
                double tol = lbfgs ? LBFGS_REL * losses.get(0).asDouble() : REL * Math.abs(expected) + ABS;
                assertThat(Math.abs(loss - expected)).as("loss before step %d: %s vs PyTorch's %s", k, loss, expected)
                        .isLessThanOrEqualTo(tol);
            }
            JsonNode after = run.get("params").get(String.valueOf(k));
            if (after == null) continue;
            for (Map.Entry<String, Tensor> p : params.entrySet()) {
                assertClose(p.getKey() + " after step " + k, p.getValue().toFloatArray(), floats(after.get(p.getKey())),
                        lbfgs ? LBFGS_REL : REL);
            }
        }
    }

    /** PyTorch's {@code opt.defaults}: every argument it ran with, in force in jnn's optimizer too. */
    private static void assertArgumentsArePyTorchs(Map<String, Object> jnn, JsonNode torch) {
        List<String> names = new ArrayList<>();
        torch.fieldNames().forEachRemaining(names::add);
        assertThat(jnn.keySet()).containsExactlyInAnyOrderElementsOf(names);
        jnn.forEach((k, v) -> {
            JsonNode t = torch.get(k);
            switch (v) {
                case null -> assertThat(t.isNull()).as(k).isTrue();
                case Boolean b -> assertThat(b).as(k).isEqualTo(t.asBoolean());
                case String str -> assertThat(str).as(k).isEqualTo(t.asText());
                case Number n -> assertThat(n.doubleValue()).as(k).isEqualTo(t.asDouble());
                case List<?> l -> {
                    assertThat(l).as(k).hasSize(2);
                    assertThat(((Number) l.get(0)).doubleValue()).as(k).isEqualTo(t.get(0).asDouble());
                    assertThat(((Number) l.get(1)).doubleValue()).as(k).isEqualTo(t.get(1).asDouble());
                }
                default -> throw new AssertionError(k + ": unexpected " + v.getClass());
            }
        });
    }

    /** Seed 003's net in miniature: three Linear layers, no activation, cross-entropy. */
    private static Tensor loss(Map<String, Tensor> p, Tensor x, Tensor y) {
        Tensor h = Functional.linear(x, p.get("layer1.weight"), p.get("layer1.bias"));
        h = Functional.linear(h, p.get("layer2.weight"), p.get("layer2.bias"));
        h = Functional.linear(h, p.get("layer3.weight"), p.get("layer3.bias"));
        return new CrossEntropyLoss().apply(h, y);
    }

    /**
     * Each element within {@code rel} of PyTorch's, with an absolute floor of {@code rel} times the
     * tensor's largest magnitude: elements far smaller than their tensor's scale keep only the float32
     * rounding of that scale (an LBFGS direction, a centered RMSprop denominator near cancellation).
     */
    private static void assertClose(String what, float[] actual, float[] expected, double rel) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        double scale = 0;
        for (float e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < actual.length; i++) {
            double tol = rel * (Math.abs(expected[i]) + scale) + ABS;
            if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
                throw new AssertionError(what + "[" + i + "]: " + actual[i] + " vs PyTorch's " + expected[i] + " (tolerance " + tol + ")");
            }
        }
    }

    private static float[] floats(JsonNode t) {
        JsonNode d = t.get("data");
        float[] v = new float[d.size()];
        for (int i = 0; i < v.length; i++) v[i] = Float.parseFloat(d.get(i).asText());
        return v;
    }

    private static Tensor tensor(JsonNode t) {
        JsonNode s = t.get("shape");
        int[] dims = new int[s.size()];
        for (int i = 0; i < dims.length; i++) dims[i] = s.get(i).asInt();
        return Tensor.of(backend, floats(t), Shape.of(dims));
    }

    private static Tensor labels(JsonNode t) {
        float[] f = floats(t);
        return Tensor.of(backend, f, Shape.of(f.length));
    }
}
