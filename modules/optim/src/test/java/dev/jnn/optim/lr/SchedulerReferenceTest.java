package dev.jnn.optim.lr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jnn.core.Backends;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.optim.Reference;
import dev.jnn.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scheduler run of {@code reference-data/optimizers.json} (PyTorch 1.13): 30 learning rates
 * (and momenta, for OneCycleLR) recorded as the script does — read the group's lr, step the
 * optimizer, step the scheduler — match PyTorch's doubles within 1e-12 relative.
 */
class SchedulerReferenceTest {
    private static Backend backend;

    @BeforeAll
    static void open() {
        backend = Backends.load().create("vector", new BackendConfig(1, false));
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    static List<String> runs() {
        List<String> out = new ArrayList<>();
        for (JsonNode s : Reference.ROOT.get("schedulers")) out.add(s.get("name").asText());
        return out;
    }

    private static JsonNode run(String name) {
        for (JsonNode s : Reference.ROOT.get("schedulers")) if (s.get("name").asText().equals(name)) return s;
        throw new IllegalArgumentException(name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void learningRatesMatchPyTorch(String name) {
        JsonNode run = run(name);
        JsonNode c = run.get("config");
        double momentum = run.has("optimizer_momentum") ? run.get("optimizer_momentum").asDouble() : 0;
        Tensor p = Tensor.zeros(backend, Shape.of(1)).requiresGrad(true);
        SGD opt = SGD.builder().lr(run.get("base_lr").asDouble()).momentum(momentum).build(List.of(p));
        String kind = run.get("scheduler").asText();
        LRScheduler sched = null;
        ReduceLROnPlateau plateau = null;
        switch (kind) {
            case "StepLR" -> sched = new StepLR(opt, c.get("step_size").asInt(), c.get("gamma").asDouble());
            case "MultiStepLR" -> {
                int[] ms = new int[c.get("milestones").size()];
                for (int i = 0; i < ms.length; i++) ms[i] = c.get("milestones").get(i).asInt();
                sched = new MultiStepLR(opt, ms, c.get("gamma").asDouble());
            }
            case "ExponentialLR" -> sched = new ExponentialLR(opt, c.get("gamma").asDouble());
            case "CosineAnnealingLR" -> sched = new CosineAnnealingLR(opt, c.get("T_max").asInt(), c.path("eta_min").asDouble(0));
            case "OneCycleLR" -> sched = oneCycle(opt, c);
            case "ReduceLROnPlateau" -> plateau = new ReduceLROnPlateau(opt,
                    ReduceLROnPlateau.Mode.valueOf(c.path("mode").asText("min").toUpperCase()),
                    c.path("factor").asDouble(0.1), c.path("patience").asInt(10), c.path("threshold").asDouble(1e-4),
                    ReduceLROnPlateau.ThresholdMode.valueOf(c.path("threshold_mode").asText("rel").toUpperCase()),
                    c.path("cooldown").asInt(0), c.path("min_lr").asDouble(0), 1e-8);
            default -> throw new IllegalArgumentException(kind);
        }
        JsonNode lrs = run.get("lr");
        for (int e = 0; e < lrs.size(); e++) {
            double expected = lrs.get(e).asDouble();
            assertThat(opt.lr()).as("%s lr at epoch %d", name, e).isCloseTo(expected, within(1e-12 * Math.abs(expected)));
            if (run.has("momentum")) {
                double m = run.get("momentum").get(e).asDouble();
                assertThat(opt.paramGroups().getFirst().number("momentum")).as("%s momentum at %d", name, e)
                        .isCloseTo(m, within(1e-12 * m));
            }
            opt.step();
            if (plateau != null) plateau.step(run.get("metrics").get(e).asDouble()); else sched.step();
        }
        assertThat(lrs.size()).isEqualTo(30);
    }

    private static OneCycleLR oneCycle(SGD opt, JsonNode c) {
        OneCycleLR.Builder b = OneCycleLR.builder(c.get("max_lr").asDouble());
        if (c.has("total_steps")) b.totalSteps(c.get("total_steps").asInt());
        if (c.has("epochs")) b.epochs(c.get("epochs").asInt(), c.get("steps_per_epoch").asInt());
        if (c.has("pct_start")) b.pctStart(c.get("pct_start").asDouble());
        if (c.has("anneal_strategy")) b.anneal(OneCycleLR.Anneal.valueOf(c.get("anneal_strategy").asText().toUpperCase()));
        if (c.has("div_factor")) b.divFactor(c.get("div_factor").asDouble());
        if (c.has("final_div_factor")) b.finalDivFactor(c.get("final_div_factor").asDouble());
        if (c.has("three_phase")) b.threePhase(c.get("three_phase").asBoolean());
        if (c.has("cycle_momentum")) b.cycleMomentum(c.get("cycle_momentum").asBoolean());
        if (c.has("base_momentum")) b.momentum(c.get("base_momentum").asDouble(), c.get("max_momentum").asDouble());
        return b.build(opt);
    }
}
