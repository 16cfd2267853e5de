package dev.jnn.app.wiring;

import dev.jnn.app.UsageException;
import dev.jnn.core.Tensor;
import dev.jnn.optim.Optimizer;
import dev.jnn.optim.Optimizers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The optimizer flags of {@code jnn train} and the PyTorch arguments they stand for. Which optimizer
 * takes which argument, and the defaults, come from {@code dev.jnn.optim} ({@link Optimizers#defaults});
 * so do the checks of the values: this class only words the library's messages with flag names.
 */
public final class OptimizerArgs {
    /** The optimizers by their command-line names, in the order the help lists them. */
    public static final List<String> NAMES = List.of("sgd", "adam", "adamw", "adagrad", "rmsprop", "adadelta", "adamax",
            "sparse-adam", "asgd", "lbfgs", "rprop");

    /** Each flag and PyTorch's argument, in help order. */
    public static final Map<String, String> FLAGS = flags();

    /** The arguments that are whole numbers (PyTorch ints). */
    private static final Set<String> INTEGERS = Set.of("max_iter", "max_eval", "history_size");

    /** The halves of the pair arguments, as the library names them in its messages, and the flag's placeholder for each. */
    private static final Map<String, String> HALVES = Map.of(
            "beta1", "--betas B1", "beta2", "--betas B2", "eta_minus", "A", "eta_plus", "B",
            "step_size_min", "--step-sizes MIN", "step_size_max", "--step-sizes MAX");

    private static final Pattern WORD = Pattern.compile("(?<![\\w-])([a-z][a-z0-9_]*)(?![\\w-])");
    private static final Pattern PREFIX = Pattern.compile("^(SGD|Adagrad|RMSprop|Adadelta|Adam|Adamax|SparseAdam|AdamW|ASGD|LBFGS|Rprop): ");

    private OptimizerArgs() {
    }

    private static Map<String, String> flags() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String[] f : new String[][] {{"--lr", "lr"}, {"--momentum", "momentum"}, {"--dampening", "dampening"},
                {"--nesterov", "nesterov"}, {"--weight-decay", "weight_decay"}, {"--betas", "betas"}, {"--eps", "eps"},
                {"--amsgrad", "amsgrad"}, {"--alpha", "alpha"}, {"--centered", "centered"}, {"--rho", "rho"},
                {"--lr-decay", "lr_decay"}, {"--initial-accumulator-value", "initial_accumulator_value"},
                {"--lambd", "lambd"}, {"--t0", "t0"}, {"--etas", "etas"}, {"--step-sizes", "step_sizes"},
                {"--max-iter", "max_iter"}, {"--max-eval", "max_eval"}, {"--tolerance-grad", "tolerance_grad"},
                {"--tolerance-change", "tolerance_change"}, {"--history-size", "history_size"},
                {"--line-search", "line_search_fn"}, {"--maximize", "maximize"}}) {
            m.put(f[0], f[1]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The library's name of a command-line optimizer name ({@code sparse-adam} is {@code sparseadam}). */
    public static String libraryName(String cliName) {
        return cliName.replace("-", "");
    }

    /** The command-line names of the optimizers that take PyTorch argument {@code key}, in help order. */
    public static List<String> takers(String key) {
        return NAMES.stream().filter(n -> Optimizers.defaults(libraryName(n)).containsKey(key)).toList();
    }

    /**
     * Refuses each flag in {@code given} (flag names) that optimizer {@code cliName} does not take,
     * with the optimizers that do take it.
     *
     * @throws UsageException {@code --nesterov applies to sgd only (got --optimizer adam)}
     */
    public static void checkApplicable(String cliName, List<String> given) {
        Set<String> keys = Optimizers.defaults(libraryName(cliName)).keySet();
        for (String flag : given) {
            String key = FLAGS.get(flag);
            if (!keys.contains(key)) {
                List<String> t = takers(key);
                String who = t.size() == 1 ? t.getFirst() : String.join(", ", t.subList(0, t.size() - 1)) + " and " + t.getLast();
                throw new UsageException(flag + " applies to " + who + " only (got --optimizer " + cliName + ")");
            }
        }
    }

    /**
     * Builds optimizer {@code name} (the library's name) over {@code params} with PyTorch-named
     * {@code args}; a value the optimizer refuses is a usage error worded with flag names.
     *
     * @throws UsageException for a refused value
     */
    public static Optimizer create(String name, List<Tensor> params, Map<String, Object> args) {
        try {
            return Optimizers.create(name, params, args);
        } catch (IllegalArgumentException e) {
            throw new UsageException(cliWording(e.getMessage()));
        }
    }

    /**
     * The library's message with PyTorch's argument names replaced by the flags
     * ({@code SGD: nesterov needs momentum > 0} becomes {@code --nesterov needs --momentum > 0}).
     */
    static String cliWording(String message) {
        String m = PREFIX.matcher(message).replaceFirst("");
        Map<String, String> byKey = new LinkedHashMap<>(HALVES);
        FLAGS.forEach((flag, key) -> byKey.put(key, flag));
        byKey.put("etas", "--etas A,B");
        byKey.put("null", "none");
        Matcher w = WORD.matcher(m);
        StringBuilder sb = new StringBuilder();
        while (w.find()) w.appendReplacement(sb, Matcher.quoteReplacement(byKey.getOrDefault(w.group(1), w.group(1))));
        w.appendTail(sb);
        return sb.toString();
    }

    /**
     * The arguments {@code opt} was built with, every one of them (PyTorch's defaults filled in), by
     * PyTorch name: numbers, booleans, strings or null, whole numbers for PyTorch's ints, pairs as lists.
     */
    public static Map<String, Object> inForce(Optimizer opt) {
        Map<String, Object> m = new LinkedHashMap<>();
        Optimizers.arguments(opt).forEach((k, v) -> m.put(k, INTEGERS.contains(k) && v instanceof Double d ? (Object) d.longValue() : v));
        return m;
    }

    /** {@code SGD(lr=0.01, momentum=0.9, nesterov=True, ...)}, as PyTorch prints an optimizer's arguments. */
    public static String describe(String name, Map<String, Object> args) {
        List<String> parts = new ArrayList<>();
        args.forEach((k, v) -> parts.add(k + "=" + python(v)));
        return name + "(" + String.join(", ", parts) + ")";
    }

    private static String python(Object v) {
        return switch (v) {
            case null -> "None";
            case Boolean b -> b ? "True" : "False";
            case Double d -> Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toString().toLowerCase(Locale.ROOT)
                    : d.toString();
            case List<?> l -> l.stream().map(OptimizerArgs::python).collect(Collectors.joining(", ", "(", ")"));
            case String s -> "'" + s + "'";
            default -> v.toString();
        };
    }
}
