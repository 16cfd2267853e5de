package dev.jnn.optim.lr;

import dev.jnn.optim.Optimizer;
import dev.jnn.optim.ParamGroup;
import dev.jnn.optim.StateDict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of the schedulers that change each group's learning rate on {@link #step()}, PyTorch
 * 1.13's {@code _LRScheduler}.
 *
 * <pre>{@code
 * LRScheduler sched = new StepLR(optimizer, 5, 0.1);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     trainOneEpoch();        // optimizer.step() per batch
 *     sched.step();           // then the scheduler, once per epoch
 * }
 * }</pre>
 *
 * <p>Construction records each group's {@code initial_lr} (unless a group has one already) as its
 * base learning rate and performs PyTorch's initial step ({@code last_epoch} becomes 0), which sets
 * the learning rate of epoch 0. Each later {@code step()} advances {@code last_epoch} by one and
 * writes the new rates into the groups. Subclasses give PyTorch's recursive ("chainable") form,
 * which reads each group's current rate, so values match PyTorch's to the last bit of double
 * arithmetic in most cases.
 */
public abstract class LRScheduler {
    /** The optimizer whose groups this scheduler drives. */
    protected final Optimizer optimizer;
    /** Each group's {@code initial_lr}. */
    protected final double[] baseLrs;
    private int lastEpoch = -1;
    private int stepCount;
    private double[] lastLr;

    /** Records base rates; a subclass calls {@link #initialStep()} at the end of its constructor. */
    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        baseLrs = new double[groups.size()];
        for (int i = 0; i < baseLrs.length; i++) {
            ParamGroup g = groups.get(i);
            if (!g.has("initial_lr")) g.set("initial_lr", g.lr());
            baseLrs[i] = g.number("initial_lr");
        }
    }

    /** PyTorch's {@code _initial_step}: the first {@link #step()}, which sets epoch 0's rates. */
    protected final void initialStep() {
        step();
    }

    /** Advances one epoch (or batch, for per-batch schedules) and sets every group's learning rate. */
    public void step() {
        stepCount++;
        lastEpoch++;
        double[] lrs = computeLr();
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < lrs.length; i++) groups.get(i).setLr(lrs[i]);
        lastLr = lrs.clone();
    }

    /** The rates for {@link #lastEpoch()}, one per group (PyTorch's {@code get_lr}). */
    protected abstract double[] computeLr();

    /** The rates the last {@link #step()} set, one per group (PyTorch's {@code get_last_lr()}). */
    public List<Double> lastLr() {
        List<Double> out = new ArrayList<>(lastLr.length);
        for (double v : lastLr) out.add(v);
        return out;
    }

    /** The number of steps taken since construction, counting the initial one as epoch 0. */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** The current rate of group {@code i}. */
    protected final double groupLr(int i) {
        return optimizer.paramGroups().get(i).lr();
    }

    /** The number of groups. */
    protected final int groups() {
        return baseLrs.length;
    }

    /**
     * The scheduler's counters and rates: {@code last_epoch}, {@code step_count}, {@code base_lrs.<i>},
     * {@code last_lr.<i>}. Its configuration (step size, gamma, ...) is not included: load the
     * snapshot into a scheduler built with the same arguments, after loading the optimizer's.
     */
    public StateDict stateDict() {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("last_epoch", (double) lastEpoch);
        s.put("step_count", (double) stepCount);
        for (int i = 0; i < baseLrs.length; i++) s.put("base_lrs." + i, baseLrs[i]);
        for (int i = 0; i < lastLr.length; i++) s.put("last_lr." + i, lastLr[i]);
        return new StateDict(Map.of(), s);
    }

    /**
     * Restores a {@link #stateDict()}.
     *
     * @throws IllegalArgumentException if it was taken with another number of groups
     */
    public void loadStateDict(StateDict dict) {
        if (dict.scalars().containsKey("base_lrs." + baseLrs.length) || !dict.scalars().containsKey("base_lrs." + (baseLrs.length - 1))) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": state dict is for another number of "
                    + "parameter groups than " + baseLrs.length);
        }
        lastEpoch = (int) dict.scalar("last_epoch");
        stepCount = (int) dict.scalar("step_count");
        for (int i = 0; i < baseLrs.length; i++) {
            baseLrs[i] = dict.scalar("base_lrs." + i);
            lastLr[i] = dict.scalar("last_lr." + i);
        }
    }
}
