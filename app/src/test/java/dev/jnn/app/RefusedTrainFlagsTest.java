package dev.jnn.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refused combination of the optimizer, --init and --dropout flags: exit code 2 (bad usage),
 * exactly one line on standard error with the message below, and no run folder, since nothing was
 * trained. The values are refused by the optimizers of dev.jnn.optim (as PyTorch 1.13 refuses them;
 * those marked "jnn only" PyTorch accepts when the optimizer is built), worded with the flags.
 */
class RefusedTrainFlagsTest {
    private static final String WEIGHT_DECAY_TAKERS = "sgd, adam, adamw, adagrad, rmsprop, adadelta, adamax and asgd";

    @TempDir
    Path dir;

    static Stream<Arguments> refused() {
        return Stream.of(
                // A flag the optimizer does not take.
                row("--optimizer adam --nesterov", "--nesterov applies to sgd only (got --optimizer adam)"),
                row("--optimizer adam --momentum 0.9", "--momentum applies to sgd and rmsprop only (got --optimizer adam)"),
                row("--optimizer rmsprop --dampening 0.1", "--dampening applies to sgd only (got --optimizer rmsprop)"),
                row("--optimizer rprop --weight-decay 0.1", "--weight-decay applies to " + WEIGHT_DECAY_TAKERS + " only (got --optimizer rprop)"),
                row("--optimizer sparse-adam --weight-decay 0.1", "--weight-decay applies to " + WEIGHT_DECAY_TAKERS
                        + " only (got --optimizer sparse-adam)"),
                row("--optimizer lbfgs --weight-decay 0.1", "--weight-decay applies to " + WEIGHT_DECAY_TAKERS + " only (got --optimizer lbfgs)"),
                row("--optimizer sgd --betas 0.9,0.99", "--betas applies to adam, adamw, adamax and sparse-adam only (got --optimizer sgd)"),
                row("--optimizer sgd --eps 1e-8", "--eps applies to adam, adamw, adagrad, rmsprop, adadelta, adamax and sparse-adam only "
                        + "(got --optimizer sgd)"),
                row("--optimizer adamax --amsgrad", "--amsgrad applies to adam and adamw only (got --optimizer adamax)"),
                row("--optimizer adam --alpha 0.9", "--alpha applies to rmsprop and asgd only (got --optimizer adam)"),
                row("--optimizer adam --centered", "--centered applies to rmsprop only (got --optimizer adam)"),
                row("--optimizer adam --rho 0.9", "--rho applies to adadelta only (got --optimizer adam)"),
                row("--optimizer adam --lr-decay 0.1", "--lr-decay applies to adagrad only (got --optimizer adam)"),
                row("--optimizer rmsprop --initial-accumulator-value 0.1", "--initial-accumulator-value applies to adagrad only "
                        + "(got --optimizer rmsprop)"),
                row("--optimizer sgd --lambd 0.1", "--lambd applies to asgd only (got --optimizer sgd)"),
                row("--optimizer sgd --t0 10", "--t0 applies to asgd only (got --optimizer sgd)"),
                row("--optimizer adam --etas 0.5,1.2", "--etas applies to rprop only (got --optimizer adam)"),
                row("--optimizer adam --step-sizes 1e-6,50", "--step-sizes applies to rprop only (got --optimizer adam)"),
                row("--optimizer sgd --max-iter 5", "--max-iter applies to lbfgs only (got --optimizer sgd)"),
                row("--optimizer adam --max-eval 5", "--max-eval applies to lbfgs only (got --optimizer adam)"),
                row("--optimizer adam --tolerance-grad 1e-5", "--tolerance-grad applies to lbfgs only (got --optimizer adam)"),
                row("--optimizer adam --tolerance-change 1e-5", "--tolerance-change applies to lbfgs only (got --optimizer adam)"),
                row("--optimizer adam --history-size 10", "--history-size applies to lbfgs only (got --optimizer adam)"),
                row("--optimizer adam --line-search strong_wolfe", "--line-search applies to lbfgs only (got --optimizer adam)"),
                row("--optimizer lbfgs --maximize", "--maximize applies to sgd, adam, adamw, adagrad, rmsprop, adadelta, adamax, "
                        + "sparse-adam, asgd and rprop only (got --optimizer lbfgs)"),
                row("--model mlp --optimizer adam --nesterov", "--nesterov applies to sgd only (got --optimizer adam)"),
                // A value the optimizer refuses.
                row("--model linear --optimizer sgd --nesterov",
                        "--nesterov needs --momentum > 0 and --dampening 0, got --momentum 0 and --dampening 0"),
                row("--optimizer sgd --momentum 0.9 --dampening 0.1 --nesterov",
                        "--nesterov needs --momentum > 0 and --dampening 0, got --momentum 0.9 and --dampening 0.1"),
                row("--optimizer sgd --momentum -0.5", "--momentum must be >= 0, got -0.5"),
                row("--optimizer sgd --weight-decay -0.1", "--weight-decay must be >= 0, got -0.1"),
                row("--optimizer adam --betas 1,0.999", "--betas B1 must be in [0, 1), got 1"),
                row("--optimizer adamax --betas 0.9,-0.5", "--betas B2 must be in [0, 1), got -0.5"),
                row("--optimizer sparse-adam --betas 0.9,1", "--betas B2 must be in [0, 1), got 1"),
                row("--optimizer adam --betas 0.9", "--betas takes two numbers, B1,B2, got 1 number"),
                row("--optimizer adamw --betas 0.9,0.99,0.5", "--betas takes two numbers, B1,B2, got 3 numbers"),
                row("--optimizer adam --eps -1e-8", "--eps must be >= 0, got -1.0E-8"),
                row("--optimizer adagrad --lr-decay -1", "--lr-decay must be >= 0, got -1"),
                row("--optimizer adagrad --initial-accumulator-value -1", "--initial-accumulator-value must be >= 0, got -1"),
                row("--optimizer rmsprop --alpha -0.1", "--alpha must be >= 0, got -0.1"),
                row("--optimizer adadelta --rho 1.5", "--rho must be in [0, 1], got 1.5"),
                row("--optimizer asgd --lambd -1", "--lambd must be >= 0, got -1"),                          // jnn only
                row("--optimizer asgd --t0 -1", "--t0 must be >= 0, got -1"),                                // jnn only
                row("--optimizer rprop --etas 1.2,0.5", "--etas A,B must satisfy 0 < A < 1 < B, got 1.2, 0.5"),
                row("--optimizer rprop --step-sizes 1,0.5", "--step-sizes MAX must be >= --step-sizes MIN, got 0.5 < 1"),   // jnn only
                row("--optimizer rprop --step-sizes -1,0.5", "--step-sizes MIN must be >= 0, got -1"),      // jnn only
                row("--optimizer rprop --step-sizes 1e-6", "--step-sizes takes two numbers, MIN,MAX, got 1 number"),
                row("--optimizer lbfgs --max-iter 0", "--max-iter must be a whole number >= 1, got 0"),     // jnn only
                row("--optimizer lbfgs --max-eval 0", "--max-eval must be a whole number >= 1, got 0"),     // jnn only
                row("--optimizer lbfgs --history-size 0", "--history-size must be a whole number >= 1, got 0"),   // jnn only
                row("--optimizer lbfgs --tolerance-grad -1", "--tolerance-grad must be >= 0, got -1"),      // jnn only
                // PyTorch accepts any name here and fails at the first step.
                row("--optimizer lbfgs --line-search backtracking", "--line-search must be none or \"strong_wolfe\", got \"backtracking\""),
                row("--optimizer sparse-adam --lr 0", "--lr must be a positive number, got 0.0"),
                // --init and --dropout.
                row("--init glorot", "--init: unknown initialisation 'glorot'; valid: pytorch, zeros, normal[:STD], uniform[:A], "
                        + "xavier-uniform, xavier-normal, kaiming-uniform, kaiming-normal, sparse[:FRACTION]"),
                row("--init normal:-0.1", "--init: normal: std must be a number >= 0, got -0.1"),
                row("--init uniform:x", "--init: uniform: 'x' is not a number"),
                row("--init xavier-uniform:2", "--init: xavier-uniform takes no value, got 2.0"),
                row("--init sparse:2", "--init: sparse: the fraction of zeros must be in [0, 1], got 2.0"),
                row("--model cnn --init sparse", "--init sparse:0.1 --model cnn: sparse initialisation takes 2-d weights only "
                        + "(as PyTorch's sparse_), and Cnn has conv weights of shape [16, 1, 5, 5]"),
                row("--model lenet --init sparse:0.5", "--init sparse:0.5 --model lenet: sparse initialisation takes 2-d weights only "
                        + "(as PyTorch's sparse_), and LeNet has conv weights of shape [6, 1, 5, 5]"),
                row("--init xavier-normal --weights w.safetensors",
                        "--init has no effect with --weights, whose values replace the initialisation; leave one out"),
                row("--dropout 1.5", "--dropout must be in [0, 1], got 1.5"),
                row("--dropout -0.1", "--dropout must be in [0, 1], got -0.1"));
    }

    private static Arguments row(String flags, String message) {
        return Arguments.of(flags, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void isRefusedInOneLineWithExitCode2(String flags, String message) {
        Path run = dir.resolve("run");
        List<String> args = new ArrayList<>(List.of("train", "--no-plots", "--out", run.toString()));
        args.addAll(List.of(flags.split(" ")));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.code()).as("exit code; stderr: %s", r.err()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("jnn train: " + message);
        assertThat(run).as("nothing was trained").doesNotExist();
    }

    @org.junit.jupiter.api.Test
    void summaryRefusesADropoutOutsideZeroToOne() {
        CliRun r = CliRun.of("summary", "--model", "mlp", "--dropout", "2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("jnn summary: --dropout must be in [0, 1], got 2.0");
    }
}
