package dev.jnn.app.cli;

import dev.jnn.app.UsageException;
import dev.jnn.app.models.Recipe;
import dev.jnn.app.wiring.OptimizerArgs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code train}'s optimizer flags (a picocli mixin): one per argument of PyTorch 1.13's optimizers,
 * named after it ({@code --weight-decay} is {@code weight_decay}). A flag left out takes the recipe's
 * value or PyTorch's default; {@link OptimizerArgs} maps flags to arguments.
 */
final class OptimizerOptions {
    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "sgd, adam, adamw, adagrad, rmsprop, adadelta, adamax, sparse-adam, asgd, lbfgs or rprop (default: the recipe's).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate, lr (default: the recipe's, else the optimizer's PyTorch default; 0.01 for sgd, which has none).")
    Double lr;

    @Option(names = "--momentum", paramLabel = "X", description = "momentum (sgd, rmsprop; default: the recipe's, else 0).")
    Double momentum;

    @Option(names = "--dampening", paramLabel = "X", description = "dampening of the momentum (sgd; default 0).")
    Double dampening;

    @Option(names = "--nesterov", description = "nesterov: Nesterov momentum, needs --momentum > 0 and --dampening 0 (sgd; default off).")
    Boolean nesterov;

    @Option(names = "--weight-decay", paramLabel = "X",
            description = "weight_decay: L2 penalty, decoupled in adamw (sgd, adam, adamw, adagrad, rmsprop, adadelta, adamax, asgd; default 0, adamw 0.01).")
    Double weightDecay;

    @Option(names = "--betas", paramLabel = "B1,B2", split = ",", hideParamSyntax = true,
            description = "betas: decay rates of the averages of the gradient and its square, each in [0, 1) (adam, adamw, adamax, sparse-adam; default 0.9,0.999).")
    double[] betas;

    @Option(names = "--eps", paramLabel = "X",
            description = "eps, added to the denominator (adam, adamw, adamax, sparse-adam, rmsprop 1e-8; adagrad 1e-10; adadelta 1e-6).")
    Double eps;

    @Option(names = "--amsgrad", description = "amsgrad: the AMSGrad variant (adam, adamw; default off).")
    Boolean amsgrad;

    @Option(names = "--alpha", paramLabel = "X", description = "alpha: smoothing constant (rmsprop, default 0.99); power of the eta decay (asgd, default 0.75).")
    Double alpha;

    @Option(names = "--centered", description = "centered: normalise by the gradient's estimated variance (rmsprop; default off).")
    Boolean centered;

    @Option(names = "--rho", paramLabel = "X", description = "rho: decay rate of the running averages, in [0, 1] (adadelta; default 0.9).")
    Double rho;

    @Option(names = "--lr-decay", paramLabel = "X", description = "lr_decay (adagrad; default 0).")
    Double lrDecay;

    @Option(names = "--initial-accumulator-value", paramLabel = "X",
            description = "initial_accumulator_value of the sum of squares (adagrad; default 0).")
    Double initialAccumulatorValue;

    @Option(names = "--lambd", paramLabel = "X", description = "lambd: decay term (asgd; default 1e-4).")
    Double lambd;

    @Option(names = "--t0", paramLabel = "X", description = "t0: step at which averaging starts (asgd; default 1e6).")
    Double t0;

    @Option(names = "--etas", paramLabel = "A,B", split = ",", hideParamSyntax = true,
            description = "etas: step-size factors when the gradient's sign flips and when it does not, 0 < A < 1 < B (rprop; default 0.5,1.2).")
    double[] etas;

    @Option(names = "--step-sizes", paramLabel = "MIN,MAX", split = ",", hideParamSyntax = true,
            description = "step_sizes: smallest and largest step (rprop; default 1e-6,50).")
    double[] stepSizes;

    @Option(names = "--max-iter", paramLabel = "N", description = "max_iter: iterations per step (lbfgs; default 20).")
    Integer maxIter;

    @Option(names = "--max-eval", paramLabel = "N", description = "max_eval: loss evaluations per step (lbfgs; default max_iter * 5 / 4).")
    Integer maxEval;

    @Option(names = "--tolerance-grad", paramLabel = "X", description = "tolerance_grad: stop when the largest gradient entry is below it (lbfgs; default 1e-7).")
    Double toleranceGrad;

    @Option(names = "--tolerance-change", paramLabel = "X", description = "tolerance_change: stop when the loss or the parameters change less (lbfgs; default 1e-9).")
    Double toleranceChange;

    @Option(names = "--history-size", paramLabel = "N", description = "history_size: update pairs kept (lbfgs; default 100).")
    Integer historySize;

    @Option(names = "--line-search", paramLabel = "NAME", description = "line_search_fn: strong_wolfe or none (lbfgs; default none).")
    String lineSearch;

    @Option(names = "--maximize", description = "maximize the loss instead of minimising it (every optimizer but lbfgs; default off).")
    Boolean maximize;

    /** The command-line name of the optimizer: --optimizer, else the recipe's. */
    String name(Recipe r) {
        String opt = optimizer == null ? r.optimizer() : optimizer.toLowerCase(Locale.ROOT);
        if (!OptimizerArgs.NAMES.contains(opt)) {
            throw new UsageException("unknown optimizer '" + optimizer + "'; valid: " + String.join(", ", OptimizerArgs.NAMES));
        }
        return opt;
    }

    /**
     * The PyTorch arguments for optimizer {@code opt} (a command-line name): the flags given, and the
     * recipe's learning rate and momentum when {@code opt} is the recipe's optimizer (PyTorch's SGD has
     * no default learning rate; 0.01, the seeds' value, stands in). Arguments left out take PyTorch's
     * defaults when the optimizer is built, which also checks the values.
     *
     * @throws UsageException for a flag {@code opt} does not take, a pair flag without two numbers, or
     *     a learning rate that is not positive
     */
    Map<String, Object> args(Recipe r, String opt) {
        Map<String, Object> given = given();
        OptimizerArgs.checkApplicable(opt, given.keySet().stream().toList());
        boolean recipeOptimizer = opt.equals(r.optimizer());
        Map<String, Object> args = new LinkedHashMap<>();
        Double lrValue = lr != null ? lr : recipeOptimizer ? Double.valueOf(r.lr()) : opt.equals("sgd") ? Double.valueOf(0.01) : null;
        if (lrValue != null) {
            if (!(lrValue > 0) || !Double.isFinite(lrValue)) throw new UsageException("--lr must be a positive number, got " + lr);
            args.put("lr", lrValue);
        }
        if (momentum == null && recipeOptimizer && r.momentum() != 0) args.put("momentum", r.momentum());
        given.forEach((flag, v) -> args.put(OptimizerArgs.FLAGS.get(flag), v));
        return args;
    }

    /** The optimizer flags given, by flag name, with PyTorch's values (pairs as two-element lists). */
    private Map<String, Object> given() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "--lr", lr);
        put(m, "--momentum", momentum);
        put(m, "--dampening", dampening);
        put(m, "--nesterov", nesterov);
        put(m, "--weight-decay", weightDecay);
        put(m, "--betas", pair("--betas", "B1,B2", betas));
        put(m, "--eps", eps);
        put(m, "--amsgrad", amsgrad);
        put(m, "--alpha", alpha);
        put(m, "--centered", centered);
        put(m, "--rho", rho);
        put(m, "--lr-decay", lrDecay);
        put(m, "--initial-accumulator-value", initialAccumulatorValue);
        put(m, "--lambd", lambd);
        put(m, "--t0", t0);
        put(m, "--etas", pair("--etas", "A,B", etas));
        put(m, "--step-sizes", pair("--step-sizes", "MIN,MAX", stepSizes));
        put(m, "--max-iter", maxIter);
        put(m, "--max-eval", maxEval);
        put(m, "--tolerance-grad", toleranceGrad);
        put(m, "--tolerance-change", toleranceChange);
        put(m, "--history-size", historySize);
        if (lineSearch != null) m.put("--line-search", lineSearch.equalsIgnoreCase("none") ? null : lineSearch);
        put(m, "--maximize", maximize);
        return m;
    }

    private static void put(Map<String, Object> m, String flag, Object v) {
        if (v != null) m.put(flag, v);
    }

    private static List<Double> pair(String flag, String label, double[] v) {
        if (v == null) return null;
        if (v.length != 2) {
            throw new UsageException(flag + " takes two numbers, " + label + ", got " + v.length + (v.length == 1 ? " number" : " numbers"));
        }
        return new ArrayList<>(List.of(v[0], v[1]));
    }
}
