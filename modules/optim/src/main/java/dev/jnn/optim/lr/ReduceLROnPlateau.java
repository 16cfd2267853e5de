package dev.jnn.optim.lr;

import dev.jnn.optim.Optimizer;
import dev.jnn.optim.ParamGroup;
import dev.jnn.optim.StateDict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers the learning rate when a metric stops improving, PyTorch 1.13's {@code ReduceLROnPlateau}.
 * Call {@link #step(double)} once per epoch with the validation metric.
 *
 * <p>A value is better than the best so far when (mode {@code MIN}) it is below
 * {@code best * (1 - threshold)} (threshold mode {@code REL}) or {@code best - threshold}
 * ({@code ABS}); mode {@code MAX} mirrors it. After more than {@code patience} epochs without
 * improvement, each group's rate becomes {@code max(lr * factor, min_lr)} (if that lowers it by more
 * than {@code eps}), and the count of bad epochs is ignored for {@code cooldown} epochs.
 *
 * <p>Defaults: mode MIN, factor 0.1, patience 10, threshold 1e-4, threshold mode REL, cooldown 0,
 * min_lr 0, eps 1e-8.
 */
public final class ReduceLROnPlateau {
    /** Whether lower or higher metric values are better. */
    public enum Mode { MIN, MAX }

    /** Whether the threshold is relative to the best value or absolute. */
    public enum ThresholdMode { REL, ABS }

    private final Optimizer optimizer;
    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final ThresholdMode thresholdMode;
    private final int cooldown;
    private final double minLr;
    private final double eps;
    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private int lastEpoch;
    private List<Double> lastLr;

    /**
     * Creates the scheduler.
     *
     * @throws IllegalArgumentException for a bad setting, naming it
     */
    public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience, double threshold,
                             ThresholdMode thresholdMode, int cooldown, double minLr, double eps) {
        if (!(factor < 1.0)) throw new IllegalArgumentException("ReduceLROnPlateau: factor must be < 1, got " + factor);
        if (patience < 0) throw new IllegalArgumentException("ReduceLROnPlateau: patience must be >= 0, got " + patience);
        if (cooldown < 0) throw new IllegalArgumentException("ReduceLROnPlateau: cooldown must be >= 0, got " + cooldown);
        if (!(minLr >= 0)) throw new IllegalArgumentException("ReduceLROnPlateau: min_lr must be >= 0, got " + minLr);
        this.optimizer = optimizer;
        this.mode = mode;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.thresholdMode = thresholdMode;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.eps = eps;
        this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        this.lastLr = currentLrs();
    }

    /** With PyTorch's defaults. */
    public ReduceLROnPlateau(Optimizer optimizer) {
        this(optimizer, Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0, 1e-8);
    }

    /** A builder starting from PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ReduceLROnPlateau}; every setting starts at PyTorch's default. */
    public static final class Builder {
        private Mode mode = Mode.MIN;
        private double factor = 0.1;
        private int patience = 10;
        private double threshold = 1e-4;
        private ThresholdMode thresholdMode = ThresholdMode.REL;
        private int cooldown;
        private double minLr;
        private double eps = 1e-8;

        private Builder() {
        }

        /** MIN when lower metrics are better (loss), MAX when higher are (accuracy). */
        public Builder mode(Mode v) {
            mode = v;
            return this;
        }

        /** The factor the rate is multiplied by (default 0.1, must be below 1). */
        public Builder factor(double v) {
            factor = v;
            return this;
        }

        /** Epochs without improvement tolerated before lowering the rate (default 10). */
        public Builder patience(int v) {
            patience = v;
            return this;
        }

        /** What counts as an improvement, and whether it is relative or absolute (default 1e-4, REL). */
        public Builder threshold(double v, ThresholdMode m) {
            threshold = v;
            thresholdMode = m;
            return this;
        }

        /** Epochs to wait after a reduction before counting bad epochs again (default 0). */
        public Builder cooldown(int v) {
            cooldown = v;
            return this;
        }

        /** The lowest rate (default 0). */
        public Builder minLr(double v) {
            minLr = v;
            return this;
        }

        /** Reductions smaller than this are skipped (default 1e-8). */
        public Builder eps(double v) {
            eps = v;
            return this;
        }

        /**
         * Creates the scheduler over {@code optimizer}.
         *
         * @throws IllegalArgumentException for a bad setting, naming it
         */
        public ReduceLROnPlateau build(Optimizer optimizer) {
            return new ReduceLROnPlateau(optimizer, mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }
    }

    /** Records one epoch's metric and lowers the rates if it has plateaued. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;   // bad epochs during cooldown do not count
        }
        if (numBadEpochs > patience) {
            for (ParamGroup g : optimizer.paramGroups()) {
                double old = g.lr();
                double next = Math.max(old * factor, minLr);
                if (old - next > eps) g.setLr(next);
            }
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
        lastLr = currentLrs();
    }

    private boolean isBetter(double a) {
        return switch (mode) {
            case MIN -> thresholdMode == ThresholdMode.REL ? a < best * (1. - threshold) : a < best - threshold;
            case MAX -> thresholdMode == ThresholdMode.REL ? a > best * (threshold + 1.) : a > best + threshold;
        };
    }

    private List<Double> currentLrs() {
        List<Double> out = new ArrayList<>();
        for (ParamGroup g : optimizer.paramGroups()) out.add(g.lr());
        return out;
    }

    /** The groups' rates after the last {@link #step(double)}. */
    public List<Double> lastLr() {
        return List.copyOf(lastLr);
    }

    /** The best metric so far (infinite before the first step). */
    public double best() {
        return best;
    }

    /** The counters: {@code best}, {@code num_bad_epochs}, {@code cooldown_counter}, {@code last_epoch}. */
    public StateDict stateDict() {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("best", best);
        s.put("num_bad_epochs", (double) numBadEpochs);
        s.put("cooldown_counter", (double) cooldownCounter);
        s.put("last_epoch", (double) lastEpoch);
        return new StateDict(Map.of(), s);
    }

    /** Restores a {@link #stateDict()} into a scheduler built with the same settings. */
    public void loadStateDict(StateDict dict) {
        best = dict.scalar("best");
        numBadEpochs = (int) dict.scalar("num_bad_epochs");
        cooldownCounter = (int) dict.scalar("cooldown_counter");
        lastEpoch = (int) dict.scalar("last_epoch");
        lastLr = currentLrs();
    }
}
