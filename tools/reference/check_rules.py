"""Re-derive every optimizer trajectory and LR-scheduler sequence in reference-data/optimizers.json from the written-down
update rules (numpy, float64), to prove that the rules documented in reference-data/README.md are
the ones PyTorch 1.13 runs and that each step's stored grads/params are consistent.

Run: /usr/bin/python3 tools/reference/check_rules.py      (needs numpy only, not torch)
Each step starts from PyTorch's stored params of the previous step (state is carried in float64),
so float32 rounding does not accumulate; the largest relative deviation per optimizer is printed.
"""
import json
import math
import os
import sys

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def arr(t):
    return np.array(t["data"], dtype=np.float64).reshape(t["shape"])


def sgd(p, g, s, h, t):
    lr, mom, damp, wd, nest = h["lr"], h["momentum"], h["dampening"], h["weight_decay"], h["nesterov"]
    g = g + wd * p
    if mom != 0:
        s["buf"] = g.copy() if t == 1 else mom * s["buf"] + (1 - damp) * g
        g = g + mom * s["buf"] if nest else s["buf"]
    return p - lr * g


def adagrad(p, g, s, h, t):
    g = g + h["weight_decay"] * p
    s.setdefault("sum", np.full_like(p, h["initial_accumulator_value"]))
    clr = h["lr"] / (1 + (t - 1) * h["lr_decay"])
    s["sum"] = s["sum"] + g * g
    return p - clr * g / (np.sqrt(s["sum"]) + h["eps"])


def rmsprop(p, g, s, h, t):
    a, eps = h["alpha"], h["eps"]
    g = g + h["weight_decay"] * p
    s["sq"] = a * s.get("sq", 0) + (1 - a) * g * g
    if h["centered"]:
        s["ga"] = a * s.get("ga", 0) + (1 - a) * g
        avg = np.sqrt(s["sq"] - s["ga"] ** 2) + eps
    else:
        avg = np.sqrt(s["sq"]) + eps
    if h["momentum"] > 0:
        s["buf"] = h["momentum"] * s.get("buf", 0) + g / avg
        return p - h["lr"] * s["buf"]
    return p - h["lr"] * g / avg


def adadelta(p, g, s, h, t):
    rho, eps = h["rho"], h["eps"]
    g = g + h["weight_decay"] * p
    s["sq"] = rho * s.get("sq", 0) + (1 - rho) * g * g
    delta = np.sqrt(s.get("acc", 0) + eps) / np.sqrt(s["sq"] + eps) * g
    s["acc"] = rho * s.get("acc", 0) + (1 - rho) * delta * delta
    return p - h["lr"] * delta


def adam(p, g, s, h, t, decoupled=False):
    b1, b2 = h["betas"]
    lr, eps, wd = h["lr"], h["eps"], h["weight_decay"]
    if decoupled:
        p = p * (1 - lr * wd)
    else:
        g = g + wd * p
    s["m"] = b1 * s.get("m", 0) + (1 - b1) * g
    s["v"] = b2 * s.get("v", 0) + (1 - b2) * g * g
    v = s["v"]
    if h["amsgrad"]:
        s["vmax"] = np.maximum(s.get("vmax", 0), s["v"])
        v = s["vmax"]
    denom = np.sqrt(v) / math.sqrt(1 - b2 ** t) + eps
    return p - lr / (1 - b1 ** t) * s["m"] / denom


def adamw(p, g, s, h, t):
    return adam(p, g, s, h, t, decoupled=True)


def adamax(p, g, s, h, t):
    b1, b2 = h["betas"]
    g = g + h["weight_decay"] * p
    s["m"] = b1 * s.get("m", 0) + (1 - b1) * g
    s["u"] = np.maximum(b2 * s.get("u", 0), np.abs(g) + h["eps"])
    return p - h["lr"] / (1 - b1 ** t) * s["m"] / s["u"]


def asgd(p, g, s, h, t):
    f32 = lambda x: float(np.float32(x))  # PyTorch keeps eta and mu in float32 tensors
    s.setdefault("eta", f32(h["lr"]))
    s.setdefault("mu", 1.0)
    g = g + h["weight_decay"] * p
    p = p * (1 - h["lambd"] * s["eta"]) - s["eta"] * g
    s["ax"] = p.copy() if s["mu"] == 1 else s["ax"] + s["mu"] * (p - s["ax"])
    s["eta"] = f32(h["lr"] / (1 + h["lambd"] * h["lr"] * t) ** h["alpha"])
    s["mu"] = f32(1 / max(1, t - h["t0"]))
    return p


def rprop(p, g, s, h, t):
    etaminus, etaplus = h["etas"]
    lo, hi = h["step_sizes"]
    prev = s.get("prev", np.zeros_like(p))
    step = s.get("step", np.full_like(p, h["lr"]))
    sign = np.sign(g * prev)
    factor = np.where(sign > 0, etaplus, np.where(sign < 0, etaminus, 1.0))
    step = np.clip(step * factor, lo, hi)
    g = np.where(sign < 0, 0.0, g)
    s["prev"], s["step"] = g, step
    return p - np.sign(g) * step


def sparse_adam(p, g, s, h, t, rows):
    b1, b2 = h["betas"]
    s.setdefault("m", np.zeros_like(p))
    s.setdefault("v", np.zeros_like(p))
    r = sorted(set(rows))
    s["m"][r] = b1 * s["m"][r] + (1 - b1) * g[r]
    s["v"][r] = b2 * s["v"][r] + (1 - b2) * g[r] ** 2
    p = p.copy()
    # Unlike Adam, eps is added to sqrt(v) before the bias correction is applied to the step size.
    p[r] -= h["lr"] * math.sqrt(1 - b2 ** t) / (1 - b1 ** t) * s["m"][r] / (np.sqrt(s["v"][r]) + h["eps"])
    return p


def scheduler_lrs(run):
    """The documented closed forms / state machines of the schedulers, as lr (and momentum) lists."""
    c, base, n = run["config"], run["base_lr"], len(run["lr"])
    kind = run["scheduler"]
    if kind == "StepLR":
        return [base * c["gamma"] ** (e // c["step_size"]) for e in range(n)], None
    if kind == "MultiStepLR":
        return [base * c["gamma"] ** sum(1 for m in c["milestones"] if m <= e) for e in range(n)], None
    if kind == "ExponentialLR":
        return [base * c["gamma"] ** e for e in range(n)], None
    if kind == "CosineAnnealingLR":
        lo = c.get("eta_min", 0.0)
        return [lo + (base - lo) * (1 + math.cos(math.pi * e / c["T_max"])) / 2 for e in range(n)], None
    if kind == "OneCycleLR":
        return one_cycle(c, n)
    if kind == "ReduceLROnPlateau":
        return plateau(c, base, run["metrics"]), None
    raise ValueError(kind)


def one_cycle(c, n):
    total = c.get("total_steps") or c["epochs"] * c["steps_per_epoch"]
    pct, max_lr = c.get("pct_start", 0.3), c["max_lr"]
    initial = max_lr / c.get("div_factor", 25.0)
    minimum = initial / c.get("final_div_factor", 1e4)
    mmax, mbase = c.get("max_momentum", 0.95), c.get("base_momentum", 0.85)
    if c.get("three_phase", False):
        phases = [(pct * total - 1, initial, max_lr, mmax, mbase), (2 * pct * total - 2, max_lr, initial, mbase, mmax),
                  (total - 1, initial, minimum, mmax, mmax)]
    else:
        phases = [(pct * total - 1, initial, max_lr, mmax, mbase), (total - 1, max_lr, minimum, mbase, mmax)]
    if c.get("anneal_strategy", "cos") == "cos":
        anneal = lambda a, b, f: b + (a - b) / 2 * (math.cos(math.pi * f) + 1)
    else:
        anneal = lambda a, b, f: (b - a) * f + a
    lrs, moms = [], []
    for step in range(n):
        start = 0.0
        for i, (end, lr0, lr1, m0, m1) in enumerate(phases):
            if step <= end or i == len(phases) - 1:
                f = (step - start) / (end - start)
                lrs.append(anneal(lr0, lr1, f))
                moms.append(anneal(m0, m1, f))
                break
            start = end
    return lrs, (moms if c.get("cycle_momentum", True) else None)


def plateau(c, lr, metrics):
    mode, factor = c.get("mode", "min"), c.get("factor", 0.1)
    patience, thr, thr_mode = c.get("patience", 10), c.get("threshold", 1e-4), c.get("threshold_mode", "rel")
    cooldown, min_lr, eps = c.get("cooldown", 0), c.get("min_lr", 0.0), c.get("eps", 1e-8)

    def better(a, best):
        if mode == "min":
            return a < (best * (1 - thr) if thr_mode == "rel" else best - thr)
        return a > (best * (1 + thr) if thr_mode == "rel" else best + thr)

    best, bad, cool, out = (math.inf if mode == "min" else -math.inf), 0, 0, []
    for m in metrics:
        out.append(lr)  # the lr in force during this epoch, before step(metric)
        if better(m, best):
            best, bad = m, 0
        else:
            bad += 1
        if cool > 0:
            cool, bad = cool - 1, 0
        if bad > patience:
            new = max(lr * factor, min_lr)
            if lr - new > eps:
                lr = new
            cool, bad = cooldown, 0
    return out


def check_schedulers(doc):
    worst = 0.0
    for run in doc["schedulers"]:
        lrs, moms = scheduler_lrs(run)
        dev = max(abs(a - b) for a, b in zip(lrs, run["lr"]))
        if moms is not None:
            dev = max(dev, max(abs(a - b) for a, b in zip(moms, run["momentum"])))
        print("%-28s max absolute deviation %.2e" % (run["name"], dev))
        worst = max(worst, dev)
    return worst


RULES = {"SGD": sgd, "Adagrad": adagrad, "RMSprop": rmsprop, "Adadelta": adadelta, "Adam": adam, "AdamW": adamw,
         "Adamax": adamax, "ASGD": asgd, "Rprop": rprop}


def main():
    with open(os.path.join(ROOT, "reference-data", "optimizers.json")) as f:
        doc = json.load(f)
    worst_all = 0.0
    for run in doc["optimizers"]:
        h = run["defaults"]
        if run["optimizer"] == "LBFGS":
            continue
        if run["problem"] == "dense":
            prev = {k: arr(v) for k, v in doc["dense_problem"]["initial"].items()}
        else:
            prev = {k: arr(v) for k, v in doc["sparse_problem"]["initial"].items()}
        states = {k: {} for k in prev}
        worst = 0.0
        for t, step in enumerate(run["steps"], start=1):
            for name in prev:
                g = arr(step["grads"][name])
                if run["optimizer"] == "SparseAdam":
                    got = sparse_adam(prev[name], g, states[name], h, t, step["indices"])
                else:
                    got = RULES[run["optimizer"]](prev[name], g, states[name], h, t)
                want = arr(step["params"][name])
                dev = np.max(np.abs(got - want) / (np.abs(want) + 1e-3))
                worst = max(worst, dev)
                if run["optimizer"] == "ASGD":
                    ax = arr(step["ax"][name])
                    worst = max(worst, np.max(np.abs(states[name]["ax"] - ax) / (np.abs(ax) + 1e-3)))
                prev[name] = want
        print("%-28s max relative deviation %.2e" % (run["name"], worst))
        worst_all = max(worst_all, worst)
    sched = check_schedulers(doc)
    if sched > 1e-12:
        sys.exit("FAILED: a documented scheduler formula does not reproduce PyTorch (deviation %.2e)" % sched)
    if worst_all > 1e-5:
        sys.exit("FAILED: a documented rule does not reproduce PyTorch (deviation %.2e)" % worst_all)
    print("OK: every documented rule reproduces PyTorch 1.13 within %.1e" % worst_all)


if __name__ == "__main__":
    main()
