"""Reference trajectories of PyTorch's optimizers and LR schedulers -> reference-data/optimizers.json.

Generated with PyTorch 1.13 (Debian python3-torch), float32, one thread.
Regenerate: /usr/bin/python3 tools/reference/optimizers.py

The dense problem (inputs stored verbatim in the JSON):
    loss(w, b) = mean((x @ w.T + b - y) ** 2) + 0.1 * sum(w ** 4)
    x [5,4], y [5,3], w [3,4], b [3]
The sparse problem (SparseAdam), on the weight E [6,3] of nn.Embedding(6, 3, sparse=True):
    rows = E[idx_k]                      idx_k given per step (may repeat a row)
    loss = sum((rows - tgt) ** 2) + 0.1 * sum(rows ** 4)
PyTorch's gradient is sparse (one entry per idx, coalesced = summed per row). The JSON stores it
dense: rows not in idx_k are exactly zero and are neither updated nor have their moments decayed.
"""
import torch
import torch.nn as nn

from refutil import pattern, t, num, write

STEPS = 12
SCHED_STEPS = 30


def dense_problem():
    return {
        "x": pattern([5, 4], a=0.9, b=0.1),
        "y": pattern([5, 3], a=0.5, b=0.7, scale=0.5),
        "w": pattern([3, 4], a=1.3, b=0.2, scale=0.5),
        "b": pattern([3], a=2.1, b=0.4, scale=0.1),
    }


def dense_loss(x, y, w, b):
    return ((x @ w.T + b - y) ** 2).mean() + 0.1 * (w ** 4).sum()


DENSE_CONFIGS = [
    ("sgd_plain", "SGD", dict(lr=0.05)),
    ("sgd_momentum_dampening_wd", "SGD", dict(lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    ("sgd_nesterov", "SGD", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("adagrad_default", "Adagrad", dict()),
    ("adagrad_lrdecay_initacc_eps", "Adagrad",
     dict(lr=0.1, lr_decay=0.05, initial_accumulator_value=0.1, eps=1e-6, weight_decay=0.01)),
    ("rmsprop_plain", "RMSprop", dict(lr=0.01)),
    ("rmsprop_centered_momentum", "RMSprop",
     dict(lr=0.01, alpha=0.9, eps=1e-6, momentum=0.5, centered=True, weight_decay=0.01)),
    ("adadelta_default", "Adadelta", dict()),
    ("adadelta_wd", "Adadelta", dict(lr=0.5, rho=0.8, eps=1e-5, weight_decay=0.01)),
    ("adam_plain", "Adam", dict(lr=0.01)),
    ("adam_amsgrad_wd", "Adam", dict(lr=0.01, betas=(0.8, 0.95), amsgrad=True, weight_decay=0.01)),
    ("adamax", "Adamax", dict(lr=0.02)),
    ("adamw", "AdamW", dict(lr=0.01, weight_decay=0.1)),
    ("adamw_amsgrad", "AdamW", dict(lr=0.01, amsgrad=True)),
    ("asgd_t0_3", "ASGD", dict(lr=0.05, lambd=1e-2, alpha=0.75, t0=3, weight_decay=0.01)),
    ("rprop_default", "Rprop", dict()),
    ("rprop_custom", "Rprop", dict(lr=0.02, etas=(0.4, 1.5), step_sizes=(1e-3, 0.05))),
]

LBFGS_CONFIGS = [
    ("lbfgs_default", dict()),
    ("lbfgs_strong_wolfe", dict(line_search_fn="strong_wolfe")),
    ("lbfgs_short_history", dict(lr=0.5, max_iter=4, history_size=3)),
]


def jsonable(cfg):
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in cfg.items()}


def run_dense(name, cls, cfg, prob):
    w = prob["w"].clone().requires_grad_()
    b = prob["b"].clone().requires_grad_()
    opt = getattr(torch.optim, cls)([w, b], **cfg)
    steps = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = dense_loss(prob["x"], prob["y"], w, b)
        loss.backward()
        rec = {"loss": num(loss.item()), "grads": {"w": t(w.grad), "b": t(b.grad)}}
        opt.step()
        rec["params"] = {"w": t(w), "b": t(b)}
        if cls == "ASGD":
            rec["ax"] = {"w": t(opt.state[w]["ax"]), "b": t(opt.state[b]["ax"])}
            rec["eta"] = num(opt.state[w]["eta"].item())
            rec["mu"] = num(opt.state[w]["mu"].item())
        steps.append(rec)
    return {"name": name, "optimizer": cls, "hyperparameters": jsonable(cfg),
            "defaults": jsonable({k: v for k, v in opt.defaults.items()
                                  if isinstance(v, (int, float, bool, tuple, str, type(None)))}),
            "problem": "dense", "steps": steps}


def run_lbfgs(name, cfg, prob):
    w = prob["w"].clone().requires_grad_()
    b = prob["b"].clone().requires_grad_()
    opt = torch.optim.LBFGS([w, b], **cfg)

    def closure():
        opt.zero_grad()
        loss = dense_loss(prob["x"], prob["y"], w, b)
        loss.backward()
        return loss

    steps = []
    for _ in range(10):
        loss = opt.step(closure)
        state = opt.state[opt._params[0]]
        steps.append({"loss": num(loss.item()), "params": {"w": t(w), "b": t(b)},
                      "func_evals": int(state["func_evals"]), "n_iter": int(state["n_iter"])})
    defaults = {k: v for k, v in opt.defaults.items()}
    return {"name": name, "optimizer": "LBFGS", "hyperparameters": jsonable(cfg),
            "defaults": jsonable(defaults), "problem": "dense", "steps": steps,
            "note": "loss is the value step(closure) returns: the loss at the params before the step; "
                    "func_evals and n_iter are PyTorch's cumulative state counters after the step"}


def sparse_problem():
    return {"E": pattern([6, 3], a=0.8, b=0.5, scale=0.5),
            "tgt": pattern([3, 3], a=1.7, b=0.9, scale=0.3)}


def sparse_indices(k):
    return [k % 6, (k + 3) % 6, (k + 3) % 6]


def run_sparse_adam(prob, cfg):
    emb = nn.Embedding(6, 3, sparse=True)
    with torch.no_grad():
        emb.weight.copy_(prob["E"])
    opt = torch.optim.SparseAdam(emb.parameters(), **cfg)
    steps = []
    for k in range(STEPS):
        opt.zero_grad()
        idx = sparse_indices(k)
        rows = emb(torch.tensor(idx))
        loss = ((rows - prob["tgt"]) ** 2).sum() + 0.1 * (rows ** 4).sum()
        loss.backward()
        assert emb.weight.grad.is_sparse
        rec = {"loss": num(loss.item()), "indices": idx,
               "grads": {"E": t(emb.weight.grad.to_dense())}}
        opt.step()
        rec["params"] = {"E": t(emb.weight)}
        steps.append(rec)
    return {"name": "sparse_adam", "optimizer": "SparseAdam", "hyperparameters": jsonable(cfg),
            "defaults": jsonable(dict(opt.defaults)), "problem": "sparse", "steps": steps}


def scheduler_runs():
    runs = []

    def run(name, make, cfg, base_lr=0.1, momentum=0.0, metrics=None):
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=base_lr, momentum=momentum)
        sched = make(opt)
        lrs, moms = [], []
        for e in range(SCHED_STEPS):
            lrs.append(opt.param_groups[0]["lr"])
            moms.append(opt.param_groups[0]["momentum"])
            opt.step()
            if metrics is None:
                sched.step()
            else:
                sched.step(metrics[e])
        rec = {"name": name, "scheduler": type(sched).__name__, "config": jsonable(cfg),
               "base_lr": base_lr, "lr": lrs}
        if momentum:
            rec["optimizer_momentum"] = momentum
            rec["momentum"] = moms
        if metrics is not None:
            rec["metrics"] = metrics
        runs.append(rec)

    S = torch.optim.lr_scheduler
    cfgs = [
        ("steplr", S.StepLR, dict(step_size=5, gamma=0.5)),
        ("multisteplr", S.MultiStepLR, dict(milestones=[3, 10, 20], gamma=0.1)),
        ("exponentiallr", S.ExponentialLR, dict(gamma=0.9)),
        ("cosine_tmax30", S.CosineAnnealingLR, dict(T_max=30)),
        ("cosine_tmax10_etamin", S.CosineAnnealingLR, dict(T_max=10, eta_min=0.001)),
    ]
    for name, cls, cfg in cfgs:
        run(name, lambda o, cls=cls, cfg=cfg: cls(o, **cfg), cfg)
    ocfgs = [
        ("onecycle_default", dict(max_lr=0.1, total_steps=30)),
        ("onecycle_linear", dict(max_lr=0.5, total_steps=30, pct_start=0.25, anneal_strategy="linear",
                                 div_factor=10.0, final_div_factor=100.0)),
        ("onecycle_three_phase", dict(max_lr=0.2, total_steps=30, three_phase=True,
                                      base_momentum=0.8, max_momentum=0.9)),
        ("onecycle_no_momentum", dict(max_lr=0.1, epochs=3, steps_per_epoch=10, cycle_momentum=False)),
    ]
    for name, cfg in ocfgs:
        mom = 0.0 if cfg.get("cycle_momentum") is False else 0.9
        run(name, lambda o, cfg=cfg: S.OneCycleLR(o, **cfg), cfg, momentum=mom)
    metrics = [1.0, 0.9, 0.8, 0.8, 0.8, 0.8, 0.79, 0.85, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.69995,
               0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.5, 0.5]
    pcfgs = [
        ("plateau_default", dict()),
        ("plateau_custom", dict(mode="min", factor=0.5, patience=2, threshold=1e-4, cooldown=1, min_lr=0.01)),
        ("plateau_max_abs", dict(mode="max", factor=0.2, patience=1, threshold=0.05, threshold_mode="abs")),
    ]
    for name, cfg in pcfgs:
        run(name, lambda o, cfg=cfg: S.ReduceLROnPlateau(o, **cfg), cfg, metrics=metrics)
    return runs


def main():
    prob = dense_problem()
    sprob = sparse_problem()
    opts = [run_dense(n, c, cfg, prob) for n, c, cfg in DENSE_CONFIGS]
    opts.append(run_sparse_adam(sprob, dict(lr=0.05)))
    opts += [run_lbfgs(n, cfg, prob) for n, cfg in LBFGS_CONFIGS]
    write("optimizers.json", "tools/reference/optimizers.py (regenerate: /usr/bin/python3 tools/reference/optimizers.py)", {
        "dense_problem": {
            "loss": "mean((x @ w.T + b - y)**2) + 0.1 * sum(w**4)   (mean over all 5*3 elements)",
            "x": t(prob["x"]), "y": t(prob["y"]), "initial": {"w": t(prob["w"]), "b": t(prob["b"])},
            "param_order": ["w", "b"],
        },
        "sparse_problem": {
            "loss": "rows = E[indices]; sum((rows - tgt)**2) + 0.1 * sum(rows**4)",
            "tgt": t(sprob["tgt"]), "initial": {"E": t(sprob["E"])},
            "rule": "PyTorch SparseAdam on nn.Embedding(6,3,sparse=True). grads.E is the coalesced sparse "
                    "gradient written densely; only rows listed in indices are updated (moments of other "
                    "rows do not decay); the step count is global (increments every step)",
        },
        "optimizers": opts,
        "schedulers": scheduler_runs(),
        "scheduler_protocol": "lr/momentum values are Python doubles (not rounded to float32). optimizer SGD(lr=base_lr, momentum=optimizer_momentum or 0); for e in 0..29: "
                              "record lr (and momentum) of param_groups[0]; optimizer.step(); scheduler.step() "
                              "(ReduceLROnPlateau: scheduler.step(metrics[e]))",
    })


if __name__ == "__main__":
    main()
