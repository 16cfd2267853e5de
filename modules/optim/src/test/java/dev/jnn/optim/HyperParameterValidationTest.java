package dev.jnn.optim;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnn.core.Backends;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each bad hyper-parameter or parameter list fails at construction with one line that names it. */
class HyperParameterValidationTest {
    private static Backend backend;
    private static List<Tensor> params;

    @BeforeAll
    static void open() {
        backend = Backends.load().create("vector", new BackendConfig(1, false));
        params = List.of(Tensor.zeros(backend, Shape.of(2, 2)).requiresGrad(true));
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    private static void fails(Runnable build, String message) {
        assertThatThrownBy(build::run).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void adamNamesBeta1OutOfRange() {
        fails(() -> Adam.builder().betas(1.5, 0.999).build(params), "Adam: beta1 must be in [0, 1), got 1.5");
        fails(() -> AdamW.builder().betas(0.9, 1).build(params), "AdamW: beta2 must be in [0, 1), got 1");
        fails(() -> Adamax.builder().betas(-0.1, 0.9).build(params), "Adamax: beta1 must be in [0, 1), got -0.1");
        fails(() -> SparseAdam.builder().betas(0.9, 2).build(params), "SparseAdam: beta2 must be in [0, 1), got 2");
    }

    @Test
    void negativeRatesAndDecaysAreNamed() {
        fails(() -> SGD.builder().lr(-0.1).build(params), "SGD: lr must be >= 0, got -0.1");
        fails(() -> SGD.builder().lr(0.1).momentum(-1).build(params), "SGD: momentum must be >= 0, got -1");
        fails(() -> Adam.builder().weightDecay(-0.01).build(params), "Adam: weight_decay must be >= 0, got -0.01");
        fails(() -> Adagrad.builder().lrDecay(-1).build(params), "Adagrad: lr_decay must be >= 0, got -1");
        fails(() -> Adagrad.builder().initialAccumulatorValue(-1).build(params),
                "Adagrad: initial_accumulator_value must be >= 0, got -1");
        fails(() -> RMSprop.builder().alpha(-0.5).build(params), "RMSprop: alpha must be >= 0, got -0.5");
        fails(() -> RMSprop.builder().eps(-1e-8).build(params), "RMSprop: eps must be >= 0, got -1.0E-8");
        fails(() -> Adadelta.builder().rho(1.5).build(params), "Adadelta: rho must be in [0, 1], got 1.5");
        fails(() -> ASGD.builder().lambd(-1).build(params), "ASGD: lambd must be >= 0, got -1");
        fails(() -> SparseAdam.builder().lr(0).build(params), "SparseAdam: lr must be > 0, got 0");
    }

    @Test
    void sgdNeedsALearningRateAndValidNesterov() {
        fails(() -> SGD.builder().build(params), "SGD: lr is required and has no default; set it on the builder");
        fails(() -> SGD.builder().lr(0.1).nesterov(true).build(params),
                "SGD: nesterov needs momentum > 0 and dampening 0, got momentum 0 and dampening 0");
    }

    @Test
    void rpropAndLbfgsCheckTheirOwnSettings() {
        fails(() -> Rprop.builder().etas(1.5, 1.2).build(params),
                "Rprop: etas must satisfy 0 < eta_minus < 1 < eta_plus, got 1.5, 1.2");
        fails(() -> Rprop.builder().stepSizes(1, 0.5).build(params),
                "Rprop: step_size_max must be >= step_size_min, got 0.5 < 1");
        fails(() -> LBFGS.builder().lineSearchFn("backtracking").build(params),
                "LBFGS: line_search_fn must be null or \"strong_wolfe\", got \"backtracking\"");
        fails(() -> LBFGS.builder().maxIter(0).build(params), "LBFGS: max_iter must be a whole number >= 1, got 0");
        fails(() -> LBFGS.builder().build(ParamGroup.of(params), ParamGroup.of(List.of(
                Tensor.zeros(backend, Shape.of(1)).requiresGrad(true)))),
                "LBFGS: supports one parameter group only; pass all parameters in one list");
    }

    @Test
    void groupOverridesAreValidatedToo() {
        fails(() -> Adam.builder().build(ParamGroup.of(params).set("beta1", 1.0)), "Adam: beta1 must be in [0, 1), got 1");
    }

    @Test
    void parametersMustRequireGradAndAppearOnce() {
        Tensor frozen = Tensor.zeros(backend, Shape.of(3));
        fails(() -> Adam.builder().build(List.of(frozen)),
                "Adam: parameter 0 of group 0 is not a leaf that requires grad; call requiresGrad(true) on it");
        fails(() -> Adam.builder().build(ParamGroup.of(params), ParamGroup.of(params)),
                "Adam: parameter 0 of group 1 already appears in another group; give each parameter to one group");
        fails(() -> Adam.builder().build(ParamGroup.of(List.of())), "Adam: parameter group 0 is empty");
    }

    @Test
    void lbfgsStepWithoutClosureSaysWhatToDo() {
        LBFGS opt = LBFGS.builder().build(params);
        assertThatThrownBy(opt::step).isInstanceOf(IllegalStateException.class)
                .hasMessage("LBFGS: step() needs a closure that recomputes the loss; call step(closure)");
    }
}
