"""LBFGS reference on a well-conditioned problem -> ../resources/lbfgs_conditioned.json.

Generated with PyTorch 1.13 (Debian python3-torch), float32, one thread:
    cd modules/optim/src/test/python && /usr/bin/python3 lbfgs_conditioned.py

Why a second problem: the dense problem of reference-data/optimizers.json has x built from one
sinusoid, so x has rank 2 and the minimum lies in a valley held only by the w**4 term, whose
curvature vanishes there. LBFGS's trajectory on it is decided by float32 rounding: PyTorch itself in
float64 ends up as far as 0.2 of the parameters' norm from PyTorch in float32 (lbfgs_strong_wolfe,
step 2; 0.1 for lbfgs_short_history, 5e-3 for lbfgs_default). Here x has full column rank and the
quartic is centred off the minimum, so float32 and float64 PyTorch agree to about 1e-5 of the
parameters' scale over all 10 steps, and a port can be checked against it.

    loss(w, b) = mean((x @ w.T + b - y) ** 2) + 0.1 * sum((w - 0.2) ** 4)
"""
import json
import os

import torch

torch.set_num_threads(1)


def pattern(shape, f):
    n = 1
    for d in shape:
        n *= d
    k = torch.arange(n, dtype=torch.float64)
    return f(k).to(torch.float32).reshape(shape)


def t(x):
    return {"shape": list(x.shape), "data": [float(v) for v in x.detach().reshape(-1).tolist()]}


x = pattern([5, 4], lambda k: torch.sin(0.37 * k * k + 0.1))
y = pattern([5, 3], lambda k: 0.5 * torch.sin(0.5 * k + 0.7))
w0 = pattern([3, 4], lambda k: 0.5 * torch.sin(1.3 * k + 0.2))
b0 = pattern([3], lambda k: 0.1 * torch.sin(2.1 * k + 0.4))


def loss_fn(w, b):
    return ((x @ w.T + b - y) ** 2).mean() + 0.1 * ((w - 0.2) ** 4).sum()


CONFIGS = [
    ("max_iter_3", dict(max_iter=3)),
    ("strong_wolfe_max_iter_3", dict(max_iter=3, line_search_fn="strong_wolfe")),
    ("short_history", dict(lr=0.5, max_iter=4, history_size=3)),
]

runs = []
for name, cfg in CONFIGS:
    w = w0.clone().requires_grad_()
    b = b0.clone().requires_grad_()
    opt = torch.optim.LBFGS([w, b], **cfg)

    def closure():
        opt.zero_grad()
        loss = loss_fn(w, b)
        loss.backward()
        return loss

    steps = []
    for _ in range(10):
        loss = opt.step(closure)
        state = opt.state[w]
        steps.append({"loss": loss.item(), "params": {"w": t(w), "b": t(b)},
                      "func_evals": int(state["func_evals"]), "n_iter": int(state["n_iter"])})
    runs.append({"name": name, "hyperparameters": cfg, "steps": steps})

doc = {"generator": "modules/optim/src/test/python/lbfgs_conditioned.py", "torch_version": torch.__version__,
       "loss": "mean((x @ w.T + b - y)**2) + 0.1 * sum((w - 0.2)**4)",
       "x": t(x), "y": t(y), "initial": {"w": t(w0), "b": t(b0)}, "runs": runs}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "lbfgs_conditioned.json")
with open(out, "w") as f:
    json.dump(doc, f, indent=1)
print("wrote", out)
