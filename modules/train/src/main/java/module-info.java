/** jnn's training loop: the Trainer, its metrics, and listeners for progress, logs, plots and model files. */
module dev.jnn.train {
    // Trainer's signatures carry Tensor, Optimizer, LRScheduler and DataLoader.
    requires transitive dev.jnn.core;
    requires transitive dev.jnn.optim;
    requires transitive dev.jnn.data;
    // Trainable.of adapts an nn Layer.
    requires transitive dev.jnn.nn;
    // Curves are drawn with XChart (an automatic module) and written through ImageIO.
    requires org.knowm.xchart;
    requires java.desktop;
    // The live progress bar on terminals.
    requires me.tongfei.progressbar;

    exports dev.jnn.train;
    exports dev.jnn.train.listeners;
}
