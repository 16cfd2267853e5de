package dev.jnn.train.listeners;

import dev.jnn.train.EpochMetrics;
import dev.jnn.train.RunInfo;
import dev.jnn.train.RunResult;
import dev.jnn.train.StepEvent;
import dev.jnn.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress during an epoch. On a terminal: a live bar per epoch with ETA, samples per second and the
 * running loss. Elsewhere (a file, a pipe, CI): one plain line every {@code logEvery} batches in the
 * style of the seed tutorials, {@code [epoch, batch] loss: x}, where x is the mean loss of those batches.
 */
public final class ConsoleProgress implements TrainingListener {
    private final PrintStream out;
    private final int logEvery;
    private final boolean live;
    private ProgressBar bar;
    private double windowLoss;
    private int windowBatches;

    /**
     * A progress listener.
     *
     * @param out where to write
     * @param logEvery batches between plain lines (at least 1)
     * @param live whether to draw a live progress bar instead of plain lines
     */
    public ConsoleProgress(PrintStream out, int logEvery, boolean live) {
        if (logEvery < 1) throw new IllegalArgumentException("log-every must be at least 1, got " + logEvery);
        this.out = out;
        this.logEvery = logEvery;
        this.live = live;
    }

    /** Progress on standard output: a live bar when it is a terminal, plain lines otherwise. */
    public static ConsoleProgress forStdout(int logEvery) {
        return new ConsoleProgress(System.out, logEvery, isTerminal());
    }

    /** Whether standard output is an interactive terminal. */
    public static boolean isTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    @Override
    public void onStep(StepEvent s) {
        if (live) {
            if (bar == null) bar = newBar(s);
            bar.stepTo(s.batch() + 1L);
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f, %,.0f img/s", s.runningLoss(), s.samplesPerSecond()));
            return;
        }
        windowLoss += s.loss();
        windowBatches++;
        if ((s.batch() + 1) % logEvery == 0) {
            out.printf(Locale.ROOT, "[%d, %5d] loss: %.3f%n", s.epoch() + 1, s.batch() + 1, windowLoss / windowBatches);
            windowLoss = 0;
            windowBatches = 0;
        }
    }

    private ProgressBar newBar(StepEvent s) {
        return new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d", s.epoch() + 1))
                .setInitialMax(s.batchesInEpoch())
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .build();
    }

    /** Nothing to replay: progress starts again at the batch the run continues with. */
    @Override
    public void onResume(RunInfo run, java.util.List<EpochMetrics> history, long step) {
    }

    @Override
    public void onEpoch(RunInfo run, EpochMetrics m) {
        closeBar();
        windowLoss = 0;
        windowBatches = 0;
    }

    @Override
    public void onEnd(RunInfo run, RunResult result) {
        closeBar();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
