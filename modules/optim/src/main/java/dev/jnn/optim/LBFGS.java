package dev.jnn.optim;

import dev.jnn.core.NoGrad;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.optim.internal.Checks;
import dev.jnn.optim.internal.StrongWolfe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Limited-memory BFGS, a port of PyTorch 1.13's {@code torch.optim.LBFGS} (itself after minFunc).
 * It needs a {@link Closure}: {@link #step(Closure)} evaluates the loss several times.
 *
 * <p>One {@code step(closure)} runs up to {@code max_iter} iterations (and {@code max_eval}
 * evaluations). Each iteration, with flat gradient {@code g}:
 * <pre>
 * y = g - g_prev;  s = t_prev * d_prev;  if y·s > 1e-10: push (y, s, 1/(y·s)) (keep history_size), H = y·s / y·y
 * d = -H·g by the two-loop recursion over the history   (d = -g on the very first iteration)
 * t = first iteration ever ? min(1, 1/|g|₁) * lr : lr
 * stop if g·d > -tolerance_change
 * p = p + t * d     (with line_search_fn "strong_wolfe", t comes from the strong-Wolfe search)
 * </pre>
 * It stops early when {@code max|g| <= tolerance_grad}, {@code max|t*d| <= tolerance_change} or the
 * loss changes by less than {@code tolerance_change}. State ({@code d}, {@code t}, the history,
 * {@code H_diag}, counters {@code func_evals} and {@code n_iter}) carries over between steps.
 *
 * <p>Defaults: {@code lr} 1, {@code max_iter} 20, {@code max_eval} max_iter * 5 / 4,
 * {@code tolerance_grad} 1e-7, {@code tolerance_change} 1e-9, {@code history_size} 100,
 * {@code line_search_fn} null or {@code "strong_wolfe"}. One parameter group only, as in PyTorch.
 * The closure runs with autograd on: do not call {@code step} inside a {@link NoGrad} region.
 * Scalars that PyTorch holds in float32 tensors (dot products, {@code 1/y·s}, {@code H_diag}) are
 * rounded to float32 here too.
 */
public final class LBFGS extends Optimizer {
    private final List<Tensor> params;
    private final int numel;

    private LBFGS(Map<String, Object> defaults, List<ParamGroup> groups) {
        super("LBFGS", defaults, groups);
        if (groups.size() != 1) {
            throw new IllegalArgumentException("LBFGS: supports one parameter group only, got " + groups.size()
                    + "; pass all parameters in one list");
        }
        this.params = groups.getFirst().params();
        long n = 0;
        for (Tensor p : params) n += p.numel();
        this.numel = Math.toIntExact(n);
    }

    /** A builder with PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void addParamGroup(ParamGroup group) {
        if (!paramGroups().isEmpty()) {
            throw new IllegalArgumentException("LBFGS: supports one parameter group only; pass all parameters in one list");
        }
        super.addParamGroup(group);
    }

    @Override
    protected void validate(ParamGroup g) {
        Checks.atLeast(name(), g, "lr", 0);
        Checks.positiveInt(name(), g, "max_iter");
        if (!g.has("max_eval") || g.get("max_eval") == null) {
            g.set("max_eval", Math.floor(g.number("max_iter") * 5 / 4));
        }
        Checks.positiveInt(name(), g, "max_eval");
        Checks.atLeast(name(), g, "tolerance_grad", 0);
        Checks.atLeast(name(), g, "tolerance_change", 0);
        Checks.positiveInt(name(), g, "history_size");
        String ls = g.text("line_search_fn");
        if (ls != null && !ls.equals("strong_wolfe")) {
            throw new IllegalArgumentException("LBFGS: line_search_fn must be null or \"strong_wolfe\", got \"" + ls + "\"");
        }
    }

    /**
     * Always fails: LBFGS evaluates the loss several times per step.
     *
     * @throws IllegalStateException always; call {@link #step(Closure)}
     */
    @Override
    public Tensor step() {
        throw new IllegalStateException("LBFGS: step() needs a closure that recomputes the loss; call step(closure)");
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad) {
        throw new IllegalStateException("LBFGS updates all parameters at once in step(closure)");
    }

    /**
     * Runs up to {@code max_iter} L-BFGS iterations; returns the loss the first closure call gave
     * (before the step), like PyTorch.
     *
     * @throws IllegalArgumentException if {@code closure} is null
     */
    @Override
    public Tensor step(Closure closure) {
        if (closure == null) throw new IllegalArgumentException("LBFGS: step needs a closure that recomputes the loss");
        ParamGroup group = paramGroups().getFirst();
        double lr = group.lr();
        int maxIter = (int) group.number("max_iter");
        int maxEval = (int) group.number("max_eval");
        float toleranceGrad = (float) group.number("tolerance_grad");
        double toleranceChange = group.number("tolerance_change");
        int historySize = (int) group.number("history_size");
        boolean wolfe = "strong_wolfe".equals(group.text("line_search_fn"));

        LbfgsState st = state(params.getFirst());
        if (st == null) {
            st = new LbfgsState();
            putState(params.getFirst(), st);
        }
        Tensor origLoss = closure.evaluate();
        double loss = origLoss.item();
        int currentEvals = 1;
        st.funcEvals++;
        Tensor flatGrad = gatherFlatGrad();
        if (flatGrad.abs().max().item() <= toleranceGrad) return origLoss;

        Tensor d = st.d;
        double t = st.t;
        int nIter = 0;
        while (nIter < maxIter) {
            nIter++;
            st.nIter++;
            if (st.nIter == 1) {
                d = flatGrad.neg();
                st.clearHistory();
                st.hDiag = 1;
            } else {
                d = direction(st, flatGrad, d, t, historySize);
            }
            if (st.prevFlatGrad == null) {
                st.prevFlatGrad = persistentCopy(flatGrad);
            } else {
                st.prevFlatGrad.copyFrom(flatGrad);
            }
            double prevLoss = loss;
            st.prevLoss = prevLoss;
            if (st.nIter == 1) {
                float inv = (float) (1.0 / flatGrad.abs().sum().item());
                t = inv < 1f ? (float) (inv * (float) lr) : lr;
            } else {
                t = lr;
            }
            float gtd = StrongWolfe.dot(flatGrad, d);
            if (gtd > (float) -toleranceChange) break;

            int lsEvals = 0;
            boolean optCond = false;
            if (wolfe) {
                List<Tensor> x0 = new ArrayList<>();
                for (Tensor p : params) x0.add(p.zerosLike().copyFrom(p));
                Tensor dir = d;
                StrongWolfe.Result r = StrongWolfe.search(step -> evaluateAt(closure, x0, step, dir), t, d, loss,
                        flatGrad, gtd, 1e-4, 0.9, toleranceChange, 25);
                loss = r.f();
                flatGrad = r.g();
                t = r.t();
                lsEvals = r.evals();
                addGrad(t, d);
                optCond = flatGrad.abs().max().item() <= toleranceGrad;
            } else {
                addGrad(t, d);
                if (nIter != maxIter) {
                    loss = closure.evaluate().item();
                    flatGrad = gatherFlatGrad();
                    optCond = flatGrad.abs().max().item() <= toleranceGrad;
                    lsEvals = 1;
                }
            }
            currentEvals += lsEvals;
            st.funcEvals += lsEvals;
            if (nIter == maxIter || currentEvals >= maxEval || optCond) break;
            if (d.mul((float) t).abs().max().item() <= (float) toleranceChange) break;
            if (Math.abs(loss - prevLoss) < toleranceChange) break;
        }
        if (d != st.d) {
            Tensor old = st.d;
            st.d = persistentCopy(d);
            if (old != null) old.storage().release();
        }
        st.t = t;
        return origLoss;
    }

    /** The two-loop recursion: updates the history with the last step and returns the new direction. */
    private Tensor direction(LbfgsState st, Tensor flatGrad, Tensor dPrev, double tPrev, int historySize) {
        Tensor y = flatGrad.sub(st.prevFlatGrad);
        Tensor s = dPrev.mul((float) tPrev);
        float ys = StrongWolfe.dot(y, s);
        if (ys > 1e-10f) {
            if (st.oldDirs.size() == historySize) {
                st.oldDirs.removeFirst().storage().release();
                st.oldStps.removeFirst().storage().release();
                st.ro.removeFirst();
            }
            st.oldDirs.add(persistentCopy(y));
            st.oldStps.add(persistentCopy(s));
            st.ro.add((float) (1.0 / ys));
            st.hDiag = (float) (ys / (double) StrongWolfe.dot(y, y));
        }
        int numOld = st.oldDirs.size();
        float[] al = new float[numOld];
        Tensor q = flatGrad.neg();
        for (int i = numOld - 1; i >= 0; i--) {
            al[i] = StrongWolfe.dot(st.oldStps.get(i), q) * st.ro.get(i);
            q.addInPlace(st.oldDirs.get(i), -al[i]);
        }
        Tensor r = q.mul((float) st.hDiag);
        for (int i = 0; i < numOld; i++) {
            float be = StrongWolfe.dot(st.oldDirs.get(i), r) * st.ro.get(i);
            r.addInPlace(st.oldStps.get(i), al[i] - be);
        }
        return r;
    }

    private Tensor gatherFlatGrad() {
        List<Tensor> views = new ArrayList<>(params.size());
        for (Tensor p : params) {
            views.add(p.grad() == null ? p.zerosLike().reshape(-1) : p.grad().reshape(-1));
        }
        return Tensor.cat(views, 0);
    }

    /** {@code p += step * update}, parameter by parameter over the flat vector. */
    private void addGrad(double step, Tensor update) {
        try (NoGrad ignored = NoGrad.enter()) {
            int offset = 0;
            for (Tensor p : params) {
                int n = Math.toIntExact(p.numel());
                p.addInPlace(update.narrow(0, offset, n).reshape(p.shape().dims()), (float) step);
                offset += n;
            }
        }
    }

    /** Loss and flat gradient at {@code x0 + step * d}; the parameters are put back to {@code x0}. */
    private StrongWolfe.Point evaluateAt(Closure closure, List<Tensor> x0, double step, Tensor d) {
        addGrad(step, d);
        double f = closure.evaluate().item();
        Tensor g = gatherFlatGrad();
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = 0; i < params.size(); i++) params.get(i).copyFrom(x0.get(i));
        }
        return new StrongWolfe.Point(f, g);
    }

    @Override
    protected ParamState restoreState(ParamGroup g, Tensor p, SavedParamState saved) {
        LbfgsState st = new LbfgsState();
        st.funcEvals = (long) saved.scalar("func_evals");
        st.nIter = (long) saved.scalar("n_iter");
        st.t = saved.scalar("t");
        st.hDiag = saved.scalar("H_diag");
        st.prevLoss = saved.scalar("prev_loss");
        Shape flat = Shape.of(numel);
        if (saved.hasTensor("d")) st.d = saved.tensor("d", flat);
        if (saved.hasTensor("prev_flat_grad")) st.prevFlatGrad = saved.tensor("prev_flat_grad", flat);
        int history = (int) saved.scalar("history");
        for (int i = 0; i < history; i++) {
            st.oldDirs.add(saved.tensor("old_dirs." + i, flat));
            st.oldStps.add(saved.tensor("old_stps." + i, flat));
            st.ro.add((float) saved.scalar("ro." + i));
        }
        return st;
    }

    /** Builds an {@link LBFGS}. */
    public static final class Builder extends OptimizerBuilder<Builder, LBFGS> {
        Builder() {
            put("lr", 1.0).put("max_iter", 20.0).put("max_eval", null).put("tolerance_grad", 1e-7)
                    .put("tolerance_change", 1e-9).put("history_size", 100.0).put("line_search_fn", null);
        }

        /** Most iterations per step (default 20). */
        public Builder maxIter(int v) {
            return put("max_iter", (double) v);
        }

        /** Most loss evaluations per step (default max_iter * 5 / 4). */
        public Builder maxEval(int v) {
            return put("max_eval", (double) v);
        }

        /** Stop when the largest gradient element is at most this (default 1e-7). */
        public Builder toleranceGrad(double v) {
            return put("tolerance_grad", v);
        }

        /** Stop when the step or the loss changes by less than this (default 1e-9). */
        public Builder toleranceChange(double v) {
            return put("tolerance_change", v);
        }

        /** Number of (y, s) pairs kept (default 100). */
        public Builder historySize(int v) {
            return put("history_size", (double) v);
        }

        /** null (fixed step {@code lr}) or {@code "strong_wolfe"} (default null). */
        public Builder lineSearchFn(String v) {
            return put("line_search_fn", v);
        }

        @Override
        protected LBFGS create(Map<String, Object> defaults, List<ParamGroup> groups) {
            return new LBFGS(defaults, groups);
        }
    }
}
