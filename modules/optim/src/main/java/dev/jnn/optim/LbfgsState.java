package dev.jnn.optim;

import dev.jnn.core.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link LBFGS}'s search state, kept under its first parameter, with PyTorch's names: the last
 * direction {@code d} and step {@code t}, the (y, s) history with {@code ro = 1/(y·s)}, {@code H_diag},
 * the previous flat gradient and loss, and the counters. History tensors are flat and persistent.
 * A mutable class rather than a record like the other optimizers' state: the history changes
 * in place, entry by entry, many times per step.
 */
final class LbfgsState implements ParamState {
    long funcEvals;
    long nIter;
    Tensor d;
    double t;
    final List<Tensor> oldDirs = new ArrayList<>();
    final List<Tensor> oldStps = new ArrayList<>();
    final List<Float> ro = new ArrayList<>();
    double hDiag = 1;
    Tensor prevFlatGrad;
    double prevLoss = Double.NaN;

    /** Forgets the (y, s) pairs and frees their memory. */
    void clearHistory() {
        for (Tensor t : oldDirs) t.storage().release();
        for (Tensor t : oldStps) t.storage().release();
        oldDirs.clear();
        oldStps.clear();
        ro.clear();
    }

    @Override
    public Map<String, Tensor> tensors() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        if (d != null) m.put("d", d);
        if (prevFlatGrad != null) m.put("prev_flat_grad", prevFlatGrad);
        for (int i = 0; i < oldDirs.size(); i++) {
            m.put("old_dirs." + i, oldDirs.get(i));
            m.put("old_stps." + i, oldStps.get(i));
        }
        return m;
    }

    @Override
    public Map<String, Double> scalars() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("func_evals", (double) funcEvals);
        m.put("n_iter", (double) nIter);
        m.put("t", t);
        m.put("H_diag", hDiag);
        m.put("prev_loss", prevLoss);
        m.put("history", (double) oldDirs.size());
        for (int i = 0; i < ro.size(); i++) m.put("ro." + i, (double) ro.get(i));
        return m;
    }
}
