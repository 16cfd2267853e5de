package dev.jnn.optim;

import java.util.List;
import java.util.function.Function;
import dev.jnn.core.Tensor;

/** One configuration of each optimizer for the behaviour tests, with its stateful options switched on. */
record OptimizerKind(String name, Function<List<Tensor>, Optimizer> factory) {
    @Override
    public String toString() {
        return name;
    }

    static List<OptimizerKind> all() {
        return List.of(
                new OptimizerKind("SGD", p -> SGD.builder().lr(0.05).momentum(0.9).nesterov(true).weightDecay(1e-3).build(p)),
                new OptimizerKind("Adagrad", p -> Adagrad.builder().lr(0.3).lrDecay(0.01).build(p)),
                new OptimizerKind("RMSprop", p -> RMSprop.builder().lr(0.01).momentum(0.5).centered(true).build(p)),
                new OptimizerKind("Adadelta", p -> Adadelta.builder().lr(10.0).build(p)),
                new OptimizerKind("Adam", p -> Adam.builder().lr(0.05).amsgrad(true).build(p)),
                new OptimizerKind("Adamax", p -> Adamax.builder().lr(0.05).build(p)),
                new OptimizerKind("SparseAdam", p -> SparseAdam.builder().lr(0.05).build(p)),
                new OptimizerKind("AdamW", p -> AdamW.builder().lr(0.05).build(p)),
                new OptimizerKind("ASGD", p -> ASGD.builder().lr(0.05).t0(5).build(p)),
                new OptimizerKind("Rprop", p -> Rprop.builder().lr(0.01).build(p)),
                new OptimizerKind("LBFGS", p -> LBFGS.builder().maxIter(5).historySize(3).build(p)),
                new OptimizerKind("LBFGS strong_wolfe", p -> LBFGS.builder().maxIter(5).historySize(3)
                        .lineSearchFn("strong_wolfe").build(p)));
    }
}
