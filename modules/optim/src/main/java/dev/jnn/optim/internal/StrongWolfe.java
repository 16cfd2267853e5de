package dev.jnn.optim.internal;

import dev.jnn.core.Tensor;
import java.util.function.DoubleFunction;

/**
 * The strong-Wolfe line search of PyTorch 1.13's LBFGS ({@code _strong_wolfe} and
 * {@code _cubic_interpolate} in {@code torch/optim/lbfgs.py}), ported line by line. Scalars are doubles;
 * gradients are flat tensors.
 */
public final class StrongWolfe {
    private StrongWolfe() {
    }

    /** The loss and flat gradient at a trial step. */
    public record Point(double f, Tensor g) {
    }

    /** The accepted step: loss, flat gradient, step length and the number of evaluations spent. */
    public record Result(double f, Tensor g, double t, int evals) {
    }

    /**
     * The minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to the bounds (the
     * interval between x1 and x2 when {@code bounds} is null); the bounds' midpoint when the cubic has
     * no real minimiser.
     */
    public static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2,
                                          double[] bounds) {
        double lo;
        double hi;
        if (bounds != null) {
            lo = bounds[0];
            hi = bounds[1];
        } else if (x1 <= x2) {
            lo = x1;
            hi = x2;
        } else {
            lo = x2;
            hi = x1;
        }
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return Math.min(Math.max(minPos, lo), hi);
        }
        return (lo + hi) / 2.0;
    }

    /**
     * Searches along {@code d} from the current point (loss {@code f}, flat gradient {@code g},
     * directional derivative {@code gtd}) starting at step {@code t}; {@code obj} evaluates the loss and
     * gradient at a step length and leaves the parameters as they were.
     */
    public static Result search(DoubleFunction<Point> obj, double t, Tensor d, double f, Tensor g, double gtd,
                                double c1, double c2, double toleranceChange, int maxLs) {
        double dNorm = d.abs().max().item();
        Point p = obj.apply(t);
        double fNew = p.f();
        Tensor gNew = p.g();
        int evals = 1;
        double gtdNew = dot(gNew, d);
        double tPrev = 0;
        double fPrev = f;
        Tensor gPrev = g;
        double gtdPrev = gtd;
        boolean done = false;
        int lsIter = 0;

        double[] bracket = null;
        double[] bracketF = null;
        Tensor[] bracketG = null;
        double[] bracketGtd = null;
        // Bracketing phase: find an interval that contains a point satisfying the Wolfe conditions.
        while (lsIter < maxLs) {
            if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new Tensor[] {gPrev, gNew};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            if (Math.abs(gtdNew) <= -c2 * gtd) {
                bracket = new double[] {t};
                bracketF = new double[] {fNew};
                bracketG = new Tensor[] {gNew};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new Tensor[] {gPrev, gNew};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, new double[] {minStep, maxStep});
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew;
            gtdPrev = gtdNew;
            p = obj.apply(t);
            fNew = p.f();
            gNew = p.g();
            evals++;
            gtdNew = dot(gNew, d);
            lsIter++;
        }
        if (lsIter == maxLs) {
            bracket = new double[] {0, t};
            bracketF = new double[] {f, fNew};
            bracketG = new Tensor[] {g, gNew};
            // PyTorch leaves bracket_gtd unset here; the zoom loop below does not run (ls_iter == max_ls).
        }

        // Zoom phase: shrink the bracket until a point satisfies the Wolfe conditions.
        boolean insufProgress = false;
        int lowPos = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1;
        int highPos = 1 - lowPos;
        while (!done && lsIter < maxLs) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) break;
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1], null);
            double bMax = Math.max(bracket[0], bracket[1]);
            double bMin = Math.min(bracket[0], bracket[1]);
            double eps = 0.1 * (bMax - bMin);
            if (Math.min(bMax - t, t - bMin) < eps) {
                // Too close to a boundary: move away from it unless progress was fine last time.
                if (insufProgress || t >= bMax || t <= bMin) {
                    t = Math.abs(t - bMax) < Math.abs(t - bMin) ? bMax - eps : bMin + eps;
                    insufProgress = false;
                } else {
                    insufProgress = true;
                }
            } else {
                insufProgress = false;
            }
            p = obj.apply(t);
            fNew = p.f();
            gNew = p.g();
            evals++;
            gtdNew = dot(gNew, d);
            lsIter++;
            if (fNew > f + c1 * t * gtd || fNew >= bracketF[lowPos]) {
                bracket[highPos] = t;
                bracketF[highPos] = fNew;
                bracketG[highPos] = gNew;
                bracketGtd[highPos] = gtdNew;
                lowPos = bracketF[0] <= bracketF[1] ? 0 : 1;
                highPos = 1 - lowPos;
            } else {
                if (Math.abs(gtdNew) <= -c2 * gtd) {
                    done = true;
                } else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0) {
                    bracket[highPos] = bracket[lowPos];
                    bracketF[highPos] = bracketF[lowPos];
                    bracketG[highPos] = bracketG[lowPos];
                    bracketGtd[highPos] = bracketGtd[lowPos];
                }
                bracket[lowPos] = t;
                bracketF[lowPos] = fNew;
                bracketG[lowPos] = gNew;
                bracketGtd[lowPos] = gtdNew;
            }
        }
        int pick = bracket.length == 1 ? 0 : lowPos;
        return new Result(bracketF[pick], bracketG[pick], bracket[pick], evals);
    }

    /** The dot product of two flat tensors, as PyTorch's float32 {@code dot}. */
    public static float dot(Tensor a, Tensor b) {
        return a.mul(b).sum().item();
    }
}
