package dev.jnn.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.core.Backends;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every optimizer must do: learn, checkpoint and resume exactly, and not leak memory per step. */
class OptimizerBehaviourTest {
    private static Backend backend;

    @BeforeAll
    static void open() {
        backend = Backends.load().create("vector", new BackendConfig(1, false));
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    static List<OptimizerKind> optimizers() {
        return OptimizerKind.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void lowersTheLossOfALinearRegression(OptimizerKind kind) {
        Regression r = Regression.create(backend, 7);
        Optimizer opt = kind.factory().apply(r.params());
        int steps = opt instanceof LBFGS ? 10 : 100;
        float first = r.train(opt);
        for (int i = 1; i < steps; i++) r.train(opt);
        float last = r.loss().item();
        // The data's variance is about 7.6; the noise floor is 0.01.
        assertThat(first).isGreaterThan(5f);
        assertThat(last).as("%s: loss after %d steps, from %s", kind, steps, first).isLessThan(first * 0.25f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void resumesBitForBitFromItsStateDict(OptimizerKind kind) {
        Regression a = Regression.create(backend, 11);
        Optimizer optA = kind.factory().apply(a.params());
        for (int i = 0; i < 4; i++) a.train(optA);
        StateDict saved = optA.stateDict();
        float[] w = a.w().toFloatArray();
        float[] b = a.b().toFloatArray();

        Regression r = Regression.create(backend, 11);
        r.w().write(w, 0);
        r.b().write(b, 0);
        Optimizer optB = kind.factory().apply(r.params());
        optB.loadStateDict(saved);

        for (int i = 0; i < 4; i++) {
            float la = a.train(optA);
            float lb = r.train(optB);
            assertThat(lb).as("loss of resumed step %d", i).isEqualTo(la);
        }
        assertThat(r.w().toFloatArray()).containsExactly(a.w().toFloatArray());
        assertThat(r.b().toFloatArray()).containsExactly(a.b().toFloatArray());
        assertThat(optB.stateDict().tensors().keySet()).isEqualTo(optA.stateDict().tensors().keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void stepInsideAMemoryScopeDoesNotGrowLiveBytes(OptimizerKind kind) {
        // A backend of its own: tensors the other tests dropped without closing are freed by the
        // cleaner whenever GC runs, which would move a shared backend's count during this loop.
        List<Long> live = new ArrayList<>();
        try (Backend own = Backends.load().create("vector", new BackendConfig(1, false))) {
            Regression r = Regression.create(own, 3);
            Optimizer opt = kind.factory().apply(r.params());
            for (int i = 0; i < 8; i++) {
                try (MemoryScope step = MemoryScope.open()) {
                    r.train(opt);
                }
                live.add(own.liveBytes());
            }
        }
        // Gradients and optimizer state are allocated by the first step; nothing after it stays.
        assertThat(live.subList(1, live.size())).as("live bytes after each step: %s", live).containsOnly(live.getFirst());
    }
}
