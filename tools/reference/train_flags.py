"""`jnn train`'s optimizer flags and --init schemes, run by PyTorch -> reference-data/train_flags.json.

Generated with PyTorch 1.13 (Debian python3-torch), float32, one thread.
Regenerate: /usr/bin/python3 tools/reference/train_flags.py

optimizer_runs: the argument combinations seed 003 walks through (SGD with momentum, dampening and
Nesterov; Adagrad with lr_decay and initial_accumulator_value; RMSprop with alpha, centered and
momentum; Adadelta with rho; Adam/AdamW/Adamax with betas, eps and AMSGrad; SparseAdam; ASGD with
lambd, alpha and t0; Rprop with etas and step_sizes; LBFGS with max_iter, history_size and the
strong-Wolfe line search), each written as the `jnn train` flags a user types ("flags") and as the
PyTorch keyword arguments they stand for ("pytorch"), trained on seed 003's network in miniature:
    Flatten, layer1 = Linear(12, 8), layer2 = Linear(8, 6), layer3 = Linear(6, 4), no activation,
    CrossEntropyLoss (mean) on x [10, 12] with targets y [10] (x and the initial parameters are stored)
from initial parameters built from sin patterns (stored), for 10 steps (LBFGS: 5 step(closure) calls).
Each step records the loss before it; "params" holds every parameter after steps 1, 5 and 10 (LBFGS: 1, 3, 5).
SparseAdam needs sparse gradients: each dense gradient is handed to it as grad.to_sparse(1), so rows
that are exactly zero count as absent (jnn's rule for dense gradients; here no row is zero).

init_schemes: `--init` on the zoo models linear and cnn as seed 003 applies a scheme,
    for m in model.modules(): if isinstance(m, (nn.Linear, nn.Conv2d)): scheme(m.weight)
after torch.manual_seed(0) and the default init; per weight: fans, the expected bound/std
(float64, from torch.nn.init's own fan and gain functions) and the empirical statistics of the draw.
Biases keep their default values.
"""
import math

import torch
import torch.nn as nn
import torch.nn.init as init

from refutil import pattern, t, num, write
from zoo import MODELS

STEPS = 10
LBFGS_STEPS = 5

RUNS = [
    ("sgd", "--optimizer sgd --lr 0.1", "SGD", dict(lr=0.1)),
    ("sgd_momentum_dampening_wd", "--optimizer sgd --lr 0.1 --momentum 0.9 --dampening 0.5 --weight-decay 0.001",
     "SGD", dict(lr=0.1, momentum=0.9, dampening=0.5, weight_decay=0.001)),
    ("sgd_nesterov", "--optimizer sgd --lr 0.1 --momentum 0.9 --nesterov", "SGD",
     dict(lr=0.1, momentum=0.9, nesterov=True)),
    ("sgd_momentum_maximize", "--optimizer sgd --lr 0.01 --momentum 0.5 --maximize", "SGD",
     dict(lr=0.01, momentum=0.5, maximize=True)),
    ("adagrad", "--optimizer adagrad --lr 0.1 --lr-decay 0.01 --initial-accumulator-value 0.1 --eps 1e-8 "
                "--weight-decay 0.001", "Adagrad",
     dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1, eps=1e-8, weight_decay=0.001)),
    ("rmsprop_centered_momentum", "--optimizer rmsprop --lr 0.01 --alpha 0.9 --eps 1e-6 --centered --momentum 0.5",
     "RMSprop", dict(lr=0.01, alpha=0.9, eps=1e-6, centered=True, momentum=0.5)),
    ("adadelta_rho", "--optimizer adadelta --rho 0.95 --eps 1e-5", "Adadelta", dict(rho=0.95, eps=1e-5)),
    ("adam_seed003", "--optimizer adam", "Adam", dict(lr=1e-3)),
    ("adam_betas_eps_amsgrad", "--optimizer adam --lr 0.01 --betas 0.8,0.99 --eps 1e-6 --amsgrad --weight-decay 0.001",
     "Adam", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6, amsgrad=True, weight_decay=0.001)),
    ("adamw_amsgrad", "--optimizer adamw --lr 0.01 --weight-decay 0.1 --amsgrad", "AdamW",
     dict(lr=0.01, weight_decay=0.1, amsgrad=True)),
    ("adamax_betas_eps", "--optimizer adamax --lr 0.01 --betas 0.85,0.995 --eps 1e-7", "Adamax",
     dict(lr=0.01, betas=(0.85, 0.995), eps=1e-7)),
    ("sparse_adam", "--optimizer sparse-adam --lr 0.01 --betas 0.85,0.99 --eps 1e-7", "SparseAdam",
     dict(lr=0.01, betas=(0.85, 0.99), eps=1e-7)),
    ("asgd", "--optimizer asgd --lr 0.05 --lambd 0.001 --alpha 0.8 --t0 4 --weight-decay 0.001", "ASGD",
     dict(lr=0.05, lambd=0.001, alpha=0.8, t0=4, weight_decay=0.001)),
    ("rprop", "--optimizer rprop --lr 0.01 --etas 0.4,1.3 --step-sizes 1e-5,0.5", "Rprop",
     dict(lr=0.01, etas=(0.4, 1.3), step_sizes=(1e-5, 0.5))),
    ("lbfgs_short_history", "--optimizer lbfgs --lr 0.5 --max-iter 5 --history-size 4", "LBFGS",
     dict(lr=0.5, max_iter=5, history_size=4)),
    ("lbfgs_strong_wolfe", "--optimizer lbfgs --max-iter 3 --max-eval 5 --history-size 5 --line-search strong_wolfe "
                           "--tolerance-grad 1e-6 --tolerance-change 1e-8", "LBFGS",
     dict(max_iter=3, max_eval=5, history_size=5, line_search_fn="strong_wolfe", tolerance_grad=1e-6,
          tolerance_change=1e-8)),
]

PARAM_ORDER = ["layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias", "layer3.weight", "layer3.bias"]


def inputs(rows, cols):
    """x[k] = sin(0.83 k + 0.011 k^2 + 0.2), k the row-major index: full rank, unlike a plain sin pattern
    (rank 2), so the classes are separable and the loss keeps falling over the steps."""
    k = torch.arange(rows * cols, dtype=torch.float64)
    return torch.sin(0.83 * k + 0.011 * k * k + 0.2).to(torch.float32).reshape(rows, cols)


def problem():
    return {
        "x": inputs(10, 12),
        "y": torch.tensor([(3 * k + 1) % 4 for k in range(10)]),
        "initial": {
            "layer1.weight": pattern([8, 12], a=1.1, b=0.3, scale=0.4),
            "layer1.bias": pattern([8], a=0.7, b=0.9, scale=0.1),
            "layer2.weight": pattern([6, 8], a=1.7, b=0.5, scale=0.5),
            "layer2.bias": pattern([6], a=0.9, b=0.1, scale=0.1),
            "layer3.weight": pattern([4, 6], a=2.3, b=0.6, scale=0.6),
            "layer3.bias": pattern([4], a=1.3, b=0.4, scale=0.1),
        },
    }


class Net(nn.Module):
    def __init__(self, initial):
        super().__init__()
        self.flatten = nn.Flatten()
        self.layer1 = nn.Linear(12, 8)
        self.layer2 = nn.Linear(8, 6)
        self.layer3 = nn.Linear(6, 4)
        self.load_state_dict(initial)

    def forward(self, x):
        return self.layer3(self.layer2(self.layer1(self.flatten(x))))


def jsonable(cfg):
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in cfg.items()}


def run(name, flags, cls, cfg, prob):
    net = Net(prob["initial"])
    loss_fn = nn.CrossEntropyLoss()
    opt = getattr(torch.optim, cls)(net.parameters(), **cfg)
    lbfgs = cls == "LBFGS"
    n = LBFGS_STEPS if lbfgs else STEPS
    record_after = {1, 3, 5} if lbfgs else {1, 5, 10}
    losses, params = [], {}
    for k in range(1, n + 1):
        if lbfgs:
            def closure():
                opt.zero_grad()
                loss = loss_fn(net(prob["x"]), prob["y"])
                loss.backward()
                return loss
            loss = opt.step(closure)
        else:
            opt.zero_grad()
            loss = loss_fn(net(prob["x"]), prob["y"])
            loss.backward()
            if cls == "SparseAdam":
                for p in net.parameters():
                    p.grad = p.grad.to_sparse(1)
            opt.step()
        losses.append(num(loss.item()))
        if k in record_after:
            params[str(k)] = {key: t(v) for key, v in net.state_dict().items()}
    defaults = {k: v for k, v in opt.defaults.items() if k not in ("foreach", "capturable", "differentiable", "fused")}
    return {"name": name, "flags": flags, "optimizer": cls, "pytorch": jsonable(cfg), "defaults": jsonable(defaults),
            "losses": losses, "params": params}


SCHEMES = [
    ("zeros", lambda w: init.zeros_(w)),
    ("normal", lambda w: init.normal_(w, 0.0, 0.01)),
    ("normal:0.05", lambda w: init.normal_(w, 0.0, 0.05)),
    ("uniform", lambda w: init.uniform_(w, -0.01, 0.01)),
    ("uniform:0.1", lambda w: init.uniform_(w, -0.1, 0.1)),
    ("xavier-uniform", lambda w: init.xavier_uniform_(w)),
    ("xavier-normal", lambda w: init.xavier_normal_(w)),
    ("kaiming-uniform", lambda w: init.kaiming_uniform_(w)),
    ("kaiming-normal", lambda w: init.kaiming_normal_(w)),
    ("sparse", lambda w: init.sparse_(w, sparsity=0.1)),
    ("sparse:0.5", lambda w: init.sparse_(w, sparsity=0.5)),
]


def stats(x):
    x = x.detach().to(torch.float64).reshape(-1)
    return {"count": x.numel(), "mean": x.mean().item(), "std": x.std().item(), "min": x.min().item(),
            "max": x.max().item(), "zero_fraction": (x == 0).double().mean().item()}


def expected(scheme, w):
    fan_in, fan_out = init._calculate_fan_in_and_fan_out(w)
    name, _, value = scheme.partition(":")
    if name == "zeros":
        return {"distribution": "constant", "value": 0.0}
    if name == "normal":
        return {"distribution": "normal", "std": float(value or 0.01)}
    if name == "uniform":
        b = float(value or 0.01)
        return {"distribution": "uniform", "bound": b, "std": b / math.sqrt(3)}
    if name.startswith("xavier"):
        std = init.calculate_gain("linear") * math.sqrt(2.0 / (fan_in + fan_out))
        return ({"distribution": "uniform", "bound": std * math.sqrt(3), "std": std} if name.endswith("uniform")
                else {"distribution": "normal", "std": std})
    if name.startswith("kaiming"):
        std = init.calculate_gain("leaky_relu", 0) / math.sqrt(fan_in)
        return ({"distribution": "uniform", "bound": std * math.sqrt(3), "std": std} if name.endswith("uniform")
                else {"distribution": "normal", "std": std})
    sparsity = float(value or 0.1)
    return {"distribution": "sparse_normal", "nonzero_std": 0.01,
            "zeros_per_column": math.ceil(sparsity * w.shape[0])}


def init_schemes():
    out = []
    for model_name in ("linear", "cnn"):
        for scheme, apply in SCHEMES:
            if scheme.startswith("sparse") and model_name == "cnn":
                continue  # sparse_ takes 2-d tensors only; jnn refuses it for conv models too
            torch.manual_seed(0)
            model = MODELS[model_name]()
            before = {k: v.clone() for k, v in model.state_dict().items()}
            weights = {}
            for mod_name, m in model.named_modules():
                if isinstance(m, (nn.Linear, nn.Conv2d)):
                    apply(m.weight.data)
                    fan_in, fan_out = init._calculate_fan_in_and_fan_out(m.weight)
                    weights[mod_name + ".weight"] = {"shape": list(m.weight.shape), "fan_in": fan_in, "fan_out": fan_out,
                                                     "expected": expected(scheme, m.weight),
                                                     "empirical": stats(m.weight)}
            unchanged = [k for k, v in model.state_dict().items() if torch.equal(v, before[k])]
            out.append({"model": model_name, "init": scheme, "weights": weights, "unchanged": unchanged})
    return out


def main():
    prob = problem()
    runs = [run(name, flags, cls, cfg, prob) for name, flags, cls, cfg in RUNS]
    write("train_flags.json", "tools/reference/train_flags.py (regenerate: /usr/bin/python3 tools/reference/train_flags.py)", {
        "problem": {
            "net": "Flatten, layer1 = Linear(12, 8), layer2 = Linear(8, 6), layer3 = Linear(6, 4), no activation; "
                   "CrossEntropyLoss (mean)",
            "x": t(prob["x"]), "y": t(prob["y"]),
            "initial": {k: t(v) for k, v in prob["initial"].items()},
            "param_order": PARAM_ORDER,
        },
        "optimizer_runs": runs,
        "init_schemes": init_schemes(),
        "note": "losses[k-1] is the loss before step k (LBFGS: what step(closure) returned); params[k] holds the "
                "parameters after step k. init_schemes' expected values are float64; empirical ones are one draw "
                "after torch.manual_seed(0), for loose checks",
    })


if __name__ == "__main__":
    main()
