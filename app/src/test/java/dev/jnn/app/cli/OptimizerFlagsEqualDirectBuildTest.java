package dev.jnn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.app.Io;
import dev.jnn.app.models.NnCatalog;
import dev.jnn.app.models.ZooModel;
import dev.jnn.app.wiring.TrainModule;
import dev.jnn.app.wiring.TrainSettings;
import dev.jnn.app.wiring.Wiring;
import dev.jnn.core.BackendScope;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.nn.CrossEntropyLoss;
import dev.jnn.optim.ASGD;
import dev.jnn.optim.Adadelta;
import dev.jnn.optim.Adagrad;
import dev.jnn.optim.Adam;
import dev.jnn.optim.AdamW;
import dev.jnn.optim.Adamax;
import dev.jnn.optim.LBFGS;
import dev.jnn.optim.Optimizer;
import dev.jnn.optim.RMSprop;
import dev.jnn.optim.Rprop;
import dev.jnn.optim.SGD;
import dev.jnn.optim.SparseAdam;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * For every optimizer, {@code jnn train} with non-default values for its arguments trains exactly as
 * the library's optimizer built directly with the same values: the flags go through the train
 * command's parsing and its Guice wiring (TrainModule builds the model and the optimizer, as a run
 * does); the direct side builds the optimizer with its builder over a copy of the same initial
 * model, on the run's backend; both take the same steps on the same batches, and every parameter ends
 * bit for bit equal.
 */
@SuppressWarnings("try")   // MemoryScope is a scope, not a resource the body uses
class OptimizerFlagsEqualDirectBuildTest {
    private static final int STEPS = 3;
    private static final int BATCH = 16;

    static Stream<Arguments> cases() {
        return Stream.of(
                of("--optimizer sgd --lr 0.05 --momentum 0.9 --nesterov --weight-decay 0.001",
                        p -> SGD.builder().lr(0.05).momentum(0.9).nesterov(true).weightDecay(0.001).build(p)),
                of("--optimizer sgd --lr 0.05 --momentum 0.8 --dampening 0.3 --maximize",
                        p -> SGD.builder().lr(0.05).momentum(0.8).dampening(0.3).maximize(true).build(p)),
                of("--optimizer adam --lr 0.002 --betas 0.8,0.99 --eps 1e-6 --weight-decay 0.01 --amsgrad",
                        p -> Adam.builder().lr(0.002).betas(0.8, 0.99).eps(1e-6).weightDecay(0.01).amsgrad(true).build(p)),
                of("--optimizer adamw --lr 0.002 --betas 0.85,0.995 --eps 1e-7 --weight-decay 0.05 --amsgrad --maximize",
                        p -> AdamW.builder().lr(0.002).betas(0.85, 0.995).eps(1e-7).weightDecay(0.05).amsgrad(true).maximize(true)
                                .build(p)),
                of("--optimizer adagrad --lr 0.05 --lr-decay 0.01 --initial-accumulator-value 0.1 --eps 1e-8 --weight-decay 0.001",
                        p -> Adagrad.builder().lr(0.05).lrDecay(0.01).initialAccumulatorValue(0.1).eps(1e-8).weightDecay(0.001)
                                .build(p)),
                of("--optimizer rmsprop --lr 0.001 --alpha 0.9 --eps 1e-6 --centered --momentum 0.5 --weight-decay 0.001",
                        p -> RMSprop.builder().lr(0.001).alpha(0.9).eps(1e-6).centered(true).momentum(0.5).weightDecay(0.001)
                                .build(p)),
                of("--optimizer adadelta --lr 0.5 --rho 0.95 --eps 1e-5 --weight-decay 0.001 --maximize",
                        p -> Adadelta.builder().lr(0.5).rho(0.95).eps(1e-5).weightDecay(0.001).maximize(true).build(p)),
                of("--optimizer adamax --lr 0.001 --betas 0.85,0.995 --eps 1e-7 --weight-decay 0.001",
                        p -> Adamax.builder().lr(0.001).betas(0.85, 0.995).eps(1e-7).weightDecay(0.001).build(p)),
                of("--optimizer sparse-adam --lr 0.002 --betas 0.85,0.99 --eps 1e-7 --maximize",
                        p -> SparseAdam.builder().lr(0.002).betas(0.85, 0.99).eps(1e-7).maximize(true).build(p)),
                of("--optimizer asgd --lr 0.02 --lambd 0.001 --alpha 0.8 --t0 2 --weight-decay 0.001",
                        p -> ASGD.builder().lr(0.02).lambd(0.001).alpha(0.8).t0(2).weightDecay(0.001).build(p)),
                of("--optimizer lbfgs --lr 0.5 --max-iter 3 --max-eval 5 --tolerance-grad 1e-6 --tolerance-change 1e-8 "
                                + "--history-size 4 --line-search strong_wolfe",
                        p -> LBFGS.builder().lr(0.5).maxIter(3).maxEval(5).toleranceGrad(1e-6).toleranceChange(1e-8).historySize(4)
                                .lineSearchFn("strong_wolfe").build(p)),
                of("--optimizer rprop --lr 0.002 --etas 0.4,1.3 --step-sizes 1e-5,0.5 --maximize",
                        p -> Rprop.builder().lr(0.002).etas(0.4, 1.3).stepSizes(1e-5, 0.5).maximize(true).build(p)));
    }

    private static Arguments of(String flags, Function<List<Tensor>, Optimizer> direct) {
        return Arguments.of(flags, direct);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theCommandLinesOptimizerIsTheLibrarysBitForBit(String flags, Function<List<Tensor>, Optimizer> direct) throws Exception {
        TrainCommand cmd = new TrainCommand(new Io(System.out, System.err));
        new CommandLine(cmd).parseArgs(("--model linear --threads 1 --seed 3 " + flags).split(" "));
        TrainSettings s = cmd.settings();
        Wiring run = Wiring.of(new TrainModule(s, new Io(System.out, System.err)));
        Backend backend = run.get(Backend.class);
        try {
            ZooModel cliModel = run.get(ZooModel.class);
            Optimizer cliOpt = run.get(Optimizer.class);
            ZooModel twin;
            try (BackendScope on = BackendScope.use(backend)) {
                twin = new NnCatalog().create("linear");
            }
            twin.loadStateDict(cliModel.stateDict());
            Optimizer directOpt = direct.apply(twin.parameters());
            assertThat(cliOpt.paramGroups().getFirst().keys()).containsExactlyInAnyOrderElementsOf(
                    directOpt.paramGroups().getFirst().keys());
            for (String k : directOpt.paramGroups().getFirst().keys()) {
                assertThat(cliOpt.paramGroups().getFirst().get(k)).as(k).isEqualTo(directOpt.paramGroups().getFirst().get(k));
            }
            List<float[]> before = cliModel.parameters().stream().map(Tensor::toFloatArray).toList();
            for (int step = 0; step < STEPS; step++) {
                Tensor x = Tensor.of(backend, images(step), Shape.of(BATCH, 1, 28, 28));
                Tensor y = Tensor.of(backend, labels(step), Shape.of(BATCH));
                step(cliModel, cliOpt, x, y);
                step(twin, directOpt, x, y);
            }
            List<Tensor> a = cliModel.parameters();
            List<Tensor> b = twin.parameters();
            for (int i = 0; i < a.size(); i++) {
                float[] av = a.get(i).toFloatArray();
                float[] bv = b.get(i).toFloatArray();
                assertThat(av).as("parameter %d moved", i).isNotEqualTo(before.get(i));
                for (int j = 0; j < av.length; j++) {
                    if (Float.floatToRawIntBits(av[j]) != Float.floatToRawIntBits(bv[j])) {
                        throw new AssertionError("parameter " + i + "[" + j + "]: " + av[j] + " from the flags, " + bv[j] + " built directly");
                    }
                }
            }
        } finally {
            backend.close();
        }
    }

    private static void step(ZooModel model, Optimizer opt, Tensor x, Tensor y) {
        CrossEntropyLoss loss = new CrossEntropyLoss();
        try (MemoryScope ignored = MemoryScope.open()) {
            if (opt instanceof LBFGS) {
                opt.step(() -> {
                    opt.zeroGrad();
                    Tensor l = loss.apply(model.forward(x), y);
                    l.backward();
                    return l;
                });
            } else {
                opt.zeroGrad();
                loss.apply(model.forward(x), y).backward();
                opt.step();
            }
        }
    }

    /** Batch {@code step}: smooth patterns in [0, 1], a different phase per image and step. */
    private static float[] images(int step) {
        float[] v = new float[BATCH * 784];
        for (int i = 0; i < v.length; i++) v[i] = (float) (0.5 + 0.5 * Math.sin(0.013 * i + 0.7 * step + (i / 784) * 1.3));
        return v;
    }

    private static float[] labels(int step) {
        float[] l = new float[BATCH];
        for (int i = 0; i < BATCH; i++) l[i] = (3 * i + step) % 10;
        return l;
    }
}
