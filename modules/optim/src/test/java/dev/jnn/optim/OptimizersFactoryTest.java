package dev.jnn.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnn.core.Backends;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Creating optimizers by PyTorch name and arguments, as the app's command line does. */
class OptimizersFactoryTest {
    private static Backend backend;
    private static List<Tensor> params;

    @BeforeAll
    static void open() {
        backend = Backends.load().create("vector", new BackendConfig(1, false));
        params = List.of(Tensor.zeros(backend, Shape.of(2)).requiresGrad(true));
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @Test
    void everyNameBuildsItsOptimizerWithPyTorchDefaults() {
        for (String name : Optimizers.names()) {
            Map<String, Object> hp = name.equals("SGD") ? Map.of("lr", 0.1) : Map.of();
            Optimizer opt = Optimizers.create(name.toLowerCase(), params, hp);
            assertThat(opt.name()).isEqualTo(name);
        }
        Optimizer adam = Optimizers.create("Adam", params, Map.of("betas", List.of(0.8, 0.9), "amsgrad", true));
        ParamGroup g = adam.paramGroups().getFirst();
        assertThat(g.lr()).isEqualTo(1e-3);
        assertThat(g.number("beta1")).isEqualTo(0.8);
        assertThat(g.number("beta2")).isEqualTo(0.9);
        assertThat(g.flag("amsgrad")).isTrue();
        assertThat(Optimizers.create("lbfgs", params, Map.of("max_iter", 8)).paramGroups().getFirst().number("max_eval"))
                .isEqualTo(10.0);
        assertThat(Optimizers.create("adadelta", params, Map.of()).lr()).isEqualTo(1.0);
    }

    @Test
    void unknownNamesAndKeysListWhatIsKnown() {
        assertThatThrownBy(() -> Optimizers.create("adamm", params, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown optimizer 'adamm'; known: SGD, Adagrad, RMSprop, Adadelta, Adam, Adamax, SparseAdam, "
                        + "AdamW, ASGD, LBFGS, Rprop");
        assertThatThrownBy(() -> Optimizers.create("adam", params, Map.of("momentum", 0.9)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Adam: unknown hyper-parameter 'momentum'; known: lr, betas, eps, weight_decay, amsgrad, maximize");
        assertThatThrownBy(() -> Optimizers.create("rprop", params, Map.of("etas", List.of(0.5))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Rprop: etas must be two numbers, got [0.5]");
    }

    @Test
    void defaultsArePyTorchsArgumentsInSignatureOrder() {
        Map<String, Object> sgd = Optimizers.defaults("sgd");
        assertThat(sgd.keySet()).containsExactly("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize");
        assertThat(sgd.get("lr")).as("PyTorch's lr=required").isNull();
        assertThat(Optimizers.defaults("Adam")).containsEntry("lr", 1e-3).containsEntry("betas", List.of(0.9, 0.999))
                .containsEntry("eps", 1e-8).containsEntry("amsgrad", false);
        assertThat(Optimizers.defaults("adam").keySet()).containsExactly("lr", "betas", "eps", "weight_decay", "amsgrad", "maximize");
        assertThat(Optimizers.defaults("rprop")).containsEntry("etas", List.of(0.5, 1.2)).containsEntry("step_sizes", List.of(1e-6, 50.0));
        assertThat(Optimizers.defaults("lbfgs").keySet()).containsExactly("lr", "max_iter", "max_eval", "tolerance_grad",
                "tolerance_change", "history_size", "line_search_fn");
        assertThat(Optimizers.defaults("adamw")).containsEntry("weight_decay", 1e-2);
        for (String name : Optimizers.names()) assertThat(Optimizers.defaults(name)).containsKey("lr");
        assertThatThrownBy(() -> Optimizers.defaults("adamm")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown optimizer 'adamm'");
    }

    @Test
    void argumentsAreTheValuesInForceWithDefaultsFilledIn() {
        Optimizer sgd = Optimizers.create("sgd", params, Map.of("lr", 0.1, "momentum", 0.9, "nesterov", true));
        assertThat(Optimizers.arguments(sgd)).containsExactly(Map.entry("lr", 0.1), Map.entry("momentum", 0.9),
                Map.entry("dampening", 0.0), Map.entry("weight_decay", 0.0), Map.entry("nesterov", true), Map.entry("maximize", false));
        Optimizer rprop = Optimizers.create("rprop", params, Map.of("etas", List.of(0.4, 1.3)));
        assertThat(Optimizers.arguments(rprop)).containsEntry("etas", List.of(0.4, 1.3)).containsEntry("step_sizes", List.of(1e-6, 50.0))
                .containsEntry("lr", 1e-2);
        Optimizer lbfgs = Optimizers.create("lbfgs", params, Map.of("max_iter", 8));
        assertThat(Optimizers.arguments(lbfgs)).as("max_eval's effective default").containsEntry("max_eval", 10.0)
                .containsEntry("line_search_fn", null);
    }
}
