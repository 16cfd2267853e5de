package dev.jnn.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.jnn.core.Generator;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.NoGrad;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The one routine that checks an op: forward values and gradients on the backend under test
 * against the reference backend, and gradients against central differences of the scalar loss
 * {@code sum(op(inputs) * w)} for a fixed pseudo-random {@code w}, accumulated in double.
 */
public final class OpCheck {
    private static final int MAX_FD_ELEMENTS = 24;

    private final Backend tested;
    private final Backend reference;

    /** Checks {@code tested} against {@code reference}. */
    public OpCheck(Backend tested, Backend reference) {
        this.tested = tested;
        this.reference = reference;
    }

    /** What one run produced: output values and each input's gradient (null when none). */
    private record Run(float[] out, int[] outShape, float[][] grads) {
    }

    /**
     * Checks {@code op} on inputs drawn per {@code ins} with seed 42.
     *
     * @param tol relative tolerance (to the largest magnitude) for forward and gradient agreement
     * @param finiteDifferences whether to also check gradients numerically (smooth ops)
     */
    public void check(String name, Function<List<Tensor>, Tensor> op, double tol, boolean finiteDifferences, Inputs... ins) {
        Generator g = new Generator(42);
        float[][] data = new float[ins.length][];
        for (int i = 0; i < ins.length; i++) data[i] = ins[i].draw(g);
        Run got = run(tested, op, ins, data);
        Run want = run(reference, op, ins, data);
        assertThat(got.outShape).as(name + ": output shape").isEqualTo(want.outShape);
        assertClose(name + " forward", got.out, want.out, tol);
        for (int i = 0; i < ins.length; i++) {
            if (ins[i].differentiable()) {
                assertClose(name + " gradient of input " + i, got.grads[i], want.grads[i], tol);
            }
        }
        if (finiteDifferences) {
            for (int i = 0; i < ins.length; i++) {
                if (ins[i].differentiable()) finiteDifference(name, op, ins, data, i, got.grads[i]);
            }
        }
    }

    private Run run(Backend b, Function<List<Tensor>, Tensor> op, Inputs[] ins, float[][] data) {
        try (MemoryScope ignored = MemoryScope.open()) {
            List<Tensor> ts = leaves(b, ins, data);
            Tensor out = op.apply(ts);
            float[] outValues = out.toFloatArray();
            float[][] grads = new float[ins.length][];
            // An op without a gradient (sign, comparisons) records no node: its gradients are zero.
            for (int i = 0; i < ins.length; i++) grads[i] = new float[data[i].length];
            if (out.requiresGrad()) {
                Tensor w = Tensor.of(b, weights(outValues.length), out.shape());
                out.mul(w).sum().backward();
                for (int i = 0; i < ins.length; i++) {
                    Tensor gr = ts.get(i).grad();
                    if (gr != null) grads[i] = gr.toFloatArray();
                    if (gr != null) gr.storage().release();
                }
            }
            return new Run(outValues, out.shape().dims(), grads);
        }
    }

    private static List<Tensor> leaves(Backend b, Inputs[] ins, float[][] data) {
        List<Tensor> ts = new ArrayList<>();
        for (int i = 0; i < ins.length; i++) {
            Tensor t = Tensor.of(b, data[i], Shape.of(ins[i].shape()));
            if (ins[i].differentiable()) t.requiresGrad(true);
            ts.add(t);
        }
        return ts;
    }

    private void finiteDifference(String name, Function<List<Tensor>, Tensor> op, Inputs[] ins, float[][] data, int which,
                                  float[] analytic) {
        float[] x = data[which];
        int step = Math.max(1, x.length / MAX_FD_ELEMENTS);
        for (int k = 0; k < x.length; k += step) {
            float saved = x[k];
            float eps = Math.max(1e-3f, Math.abs(saved) * 1e-3f);
            x[k] = saved + eps;
            double plus = loss(op, ins, data);
            x[k] = saved - eps;
            double minus = loss(op, ins, data);
            x[k] = saved;
            double numeric = (plus - minus) / (2.0 * (double) eps);
            double scale = Math.max(1.0, Math.max(Math.abs(numeric), Math.abs(analytic[k])));
            if (Math.abs(numeric - analytic[k]) > 3e-2 * scale) {
                fail(name + ": d loss / d input" + which + "[" + k + "] analytic " + analytic[k] + " but finite difference " + numeric);
            }
        }
    }

    private double loss(Function<List<Tensor>, Tensor> op, Inputs[] ins, float[][] data) {
        try (MemoryScope ignored = MemoryScope.open(); NoGrad ng = NoGrad.enter()) {
            float[] out = op.apply(leaves(tested, ins, data)).toFloatArray();
            float[] w = weights(out.length);
            double s = 0;
            for (int i = 0; i < out.length; i++) s += (double) out[i] * w[i];
            return s;
        }
    }

    /** Fixed weights in [-1, 1) so that every output element matters differently. */
    static float[] weights(int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = (float) Math.sin(0.7 * i + 0.3);
        return w;
    }

    /** Asserts element-wise closeness relative to the largest magnitude of {@code want} (at least 1). */
    public static void assertClose(String what, float[] got, float[] want, double tol) {
        assertThat(got.length).as(what + ": length").isEqualTo(want.length);
        double scale = 1;
        for (float v : want) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < got.length; i++) {
            if (!(Math.abs(got[i] - want[i]) <= tol * scale) && !(Float.isNaN(got[i]) && Float.isNaN(want[i]))) {
                fail(what + ": element " + i + " is " + got[i] + ", expected " + want[i] + " (tolerance " + tol * scale + ")");
            }
        }
    }
}
