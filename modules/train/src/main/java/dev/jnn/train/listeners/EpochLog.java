package dev.jnn.train.listeners;

import dev.jnn.train.EpochMetrics;
import dev.jnn.train.Evaluation;
import dev.jnn.train.RunInfo;
import dev.jnn.train.RunResult;
import dev.jnn.train.StopReason;
import dev.jnn.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * One summary line per epoch: training, validation and test loss and accuracy, learning rate,
 * seconds and samples per second; and one line when the run ends early.
 */
public final class EpochLog implements TrainingListener {
    private final PrintStream out;
    private final String stepLimit;

    /** Writes to {@code out}. */
    public EpochLog(PrintStream out) {
        this(out, "maxSteps");
    }

    /**
     * Writes to {@code out}, naming the step limit as the caller's users set it when a run stops
     * there ({@code "--max-steps"} for a command line).
     */
    public EpochLog(PrintStream out, String stepLimit) {
        this.out = out;
        this.stepLimit = stepLimit;
    }

    @Override
    public void onEpoch(RunInfo run, EpochMetrics m) {
        out.println(line(run, m));
    }

    /** Repeats the finished epochs' lines, then says where the run continues. */
    @Override
    public void onResume(RunInfo run, java.util.List<EpochMetrics> history, long step) {
        for (EpochMetrics m : history) out.println(line(run, m));
        out.printf(Locale.ROOT, "resuming after step %d%n", step);
    }

    /** The summary line of one epoch. */
    public static String line(RunInfo run, EpochMetrics m) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "epoch %d/%d  train loss %.4f acc %s", m.epoch() + 1, run.epochs(),
                m.train().loss(), percent(m.train())));
        if (m.validation().present()) {
            sb.append(String.format(Locale.ROOT, "  val loss %.4f acc %s", m.validation().loss(), percent(m.validation())));
        }
        if (m.test().present()) {
            sb.append(String.format(Locale.ROOT, "  test loss %.4f acc %s", m.test().loss(), percent(m.test())));
        }
        sb.append(String.format(Locale.ROOT, "  lr %.3g  %.1f s  %,.0f samples/s", m.lr(), m.seconds(), m.samplesPerSecond()));
        return sb.toString();
    }

    private static String percent(Evaluation e) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * e.accuracy());
    }

    @Override
    public void onEnd(RunInfo run, RunResult r) {
        if (r.reason() == StopReason.MAX_STEPS) {
            out.printf(Locale.ROOT, "stopped after %d steps (%s)%n", r.steps(), stepLimit);
        } else if (r.reason() == StopReason.INTERRUPTED) {
            out.printf(Locale.ROOT, "interrupted after %d steps; writing what was done%n", r.steps());
        }
    }
}
