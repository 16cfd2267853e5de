/**
 * Optimizers with PyTorch 1.13's update rules, hyper-parameter names and defaults: {@link dev.jnn.optim.SGD},
 * {@link dev.jnn.optim.Adagrad}, {@link dev.jnn.optim.RMSprop}, {@link dev.jnn.optim.Adadelta},
 * {@link dev.jnn.optim.Adam}, {@link dev.jnn.optim.Adamax}, {@link dev.jnn.optim.SparseAdam},
 * {@link dev.jnn.optim.AdamW}, {@link dev.jnn.optim.ASGD}, {@link dev.jnn.optim.LBFGS} and
 * {@link dev.jnn.optim.Rprop}, built on {@link dev.jnn.optim.Optimizer}. Schedulers are in
 * {@code dev.jnn.optim.lr}.
 */
package dev.jnn.optim;
