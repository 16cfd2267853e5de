package dev.jnn.train.listeners;

import dev.jnn.data.SampleGrid;
import dev.jnn.train.EpochMetrics;
import dev.jnn.train.Evaluation;
import dev.jnn.train.RunInfo;
import dev.jnn.train.RunResult;
import dev.jnn.train.StepEvent;
import dev.jnn.train.TrainingListener;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code curves.png}: two charts side by side, loss and accuracy against epochs, for training,
 * validation and test. The loss chart also draws a moving average of the batch losses, so a
 * one-epoch run still shows a curve. Written when the run ends (also when it was interrupted).
 */
public final class CurvesPlot implements TrainingListener {
    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color VAL = new Color(255, 127, 14);
    private static final Color TEST = new Color(44, 160, 44);
    private final Path file;
    private final FileOutput output;
    private final List<double[]> steps = new ArrayList<>();
    private double[] window;
    private int windowPos;
    private int windowFill;
    private double windowSum;

    /** Writes to {@code file}. */
    public CurvesPlot(Path file) {
        this(file, FileOutput.ATOMIC);
    }

    /** Writes to {@code file} through {@code output}. */
    public CurvesPlot(Path file, FileOutput output) {
        this.file = file;
        this.output = output;
    }

    /**
     * Draws a throw-away chart, so that Java2D and its fonts are set up before the run: set up
     * during a JVM shutdown (Ctrl-C), they fail with "Shutdown in progress" and no curves are written.
     */
    @Override
    public void onStart(RunInfo run) {
        BitmapEncoder.getBufferedImage(chart("warm-up", "y"));
    }

    @Override
    public void onStep(StepEvent s) {
        // A moving average over about 5% of an epoch smooths batch noise without resetting at epoch
        // boundaries (the epoch's running mean would jump there).
        if (window == null) window = new double[Math.clamp(s.batchesInEpoch() / 20, 1, 100)];
        windowSum += s.loss() - window[windowPos];
        window[windowPos] = s.loss();
        windowPos = (windowPos + 1) % window.length;
        windowFill = Math.min(windowFill + 1, window.length);
        // About 200 points per epoch are plenty for a curve and keep long runs cheap to draw.
        int every = Math.max(1, s.batchesInEpoch() / 200);
        if ((s.batch() + 1) % every == 0 || s.batch() + 1 == s.batchesInEpoch()) {
            steps.add(new double[] {s.epoch() + (s.batch() + 1.0) / s.batchesInEpoch(), windowSum / windowFill});
        }
    }

    @Override
    public void onEnd(RunInfo run, RunResult r) {
        if (r.epochs().isEmpty()) return;
        String title = run.model() + ", " + r.steps() + " steps";
        XYChart loss = chart("Loss (" + title + ")", "loss (cross-entropy)");
        if (!steps.isEmpty()) {
            XYSeries s = loss.addSeries("train (moving average over batches)", column(steps, 0), column(steps, 1));
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(new Color(31, 119, 180, 110));
        }
        addEpochSeries(loss, run, r, "train", EpochMetrics::train, Evaluation::loss, TRAIN);
        addEpochSeries(loss, run, r, "validation", EpochMetrics::validation, Evaluation::loss, VAL);
        addEpochSeries(loss, run, r, "test", EpochMetrics::test, Evaluation::loss, TEST);
        XYChart acc = chart("Accuracy (" + title + ")", "accuracy (%)");
        addEpochSeries(acc, run, r, "train", EpochMetrics::train, e -> 100 * e.accuracy(), TRAIN);
        addEpochSeries(acc, run, r, "validation", EpochMetrics::validation, e -> 100 * e.accuracy(), VAL);
        addEpochSeries(acc, run, r, "test", EpochMetrics::test, e -> 100 * e.accuracy(), TEST);
        double lastX = r.epochs().getLast().epoch() + (double) r.epochs().getLast().steps() / Math.max(1, run.batchesPerEpoch());
        // Whole epochs on the axis once there is more than one, so that ticks fall on round numbers.
        double xMax = lastX > 1 ? Math.ceil(lastX - 1e-9) : Math.max(lastX, 1e-3);
        for (XYChart c : List.of(loss, acc)) c.getStyler().setXAxisMax(xMax);
        // XChart 3.8 can put about 17 fractional ticks under the step curve; slanted, they stay legible.
        loss.getStyler().setXAxisLabelRotation(45);
        // Accuracies sit near the top, so the legend goes to the bottom.
        acc.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        loss.getStyler().setYAxisMin(0.0);
        loss.getStyler().setYAxisDecimalPattern("0.00");
        acc.getStyler().setYAxisDecimalPattern("0.0");
        acc.getStyler().setYAxisMax(100.0);
        acc.getStyler().setYAxisMin(Math.max(0, Math.floor(minAccuracy(r) / 5) * 5 - 5));
        try {
            BufferedImage left = BitmapEncoder.getBufferedImage(loss);
            BufferedImage right = BitmapEncoder.getBufferedImage(acc);
            BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(), Math.max(left.getHeight(),
                    right.getHeight()), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = both.createGraphics();
            g.drawImage(left, 0, 0, null);
            g.drawImage(right, left.getWidth(), 0, null);
            g.dispose();
            output.write(file, tmp -> SampleGrid.encodePng(both, tmp));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart c = new XYChartBuilder().width(640).height(440).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        XYStyler st = c.getStyler();
        st.setLegendPosition(Styler.LegendPosition.InsideNE);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setLegendBackgroundColor(new Color(255, 255, 255, 200));
        st.setPlotGridLinesColor(new Color(225, 225, 225));
        st.setChartTitleBoxVisible(false);
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setXAxisDecimalPattern("0.##");
        return c;
    }

    private static void addEpochSeries(XYChart chart, RunInfo run, RunResult r, String name, Function<EpochMetrics, Evaluation> pick,
            Function<Evaluation, Double> value, Color color) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (EpochMetrics m : r.epochs()) {
            Evaluation e = pick.apply(m);
            if (!e.present()) continue;
            // The x of an epoch is its end, so that per-epoch points sit where the running curve ends.
            xs.add(m.epoch() + (double) m.steps() / Math.max(1, run.batchesPerEpoch()));
            ys.add(value.apply(e));
        }
        if (xs.isEmpty()) return;
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        s.setLineColor(color);
    }

    private static double minAccuracy(RunResult r) {
        double min = 100;
        for (EpochMetrics m : r.epochs()) {
            for (Evaluation e : List.of(m.train(), m.validation(), m.test())) {
                if (e.present()) min = Math.min(min, 100 * e.accuracy());
            }
        }
        return min;
    }

    private static double[] column(List<double[]> rows, int k) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) out[i] = rows.get(i)[k];
        return out;
    }
}
