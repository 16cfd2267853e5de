/** jnn's optimizers and learning-rate schedulers, with PyTorch 1.13's update rules and defaults. */
module dev.jnn.optim {
    // Tensor appears throughout the exported signatures.
    requires transitive dev.jnn.core;

    exports dev.jnn.optim;
    exports dev.jnn.optim.lr;
}
