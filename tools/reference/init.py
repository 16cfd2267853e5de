"""PyTorch's default layer initialisation and nn.init functions: formulas, expected bounds/stds and
empirical statistics -> reference-data/init.json.

Generated with PyTorch 1.13 (Debian python3-torch).
Regenerate: /usr/bin/python3 tools/reference/init.py

The random values differ between frameworks, so a jnn test compares distributions: the expected
bound/std exactly, and the empirical mean/std/min/max (of torch.manual_seed(0) draws) loosely.
"""
import math

import torch
import torch.nn as nn
import torch.nn.init as init

from refutil import write

FORMULAS = {
    "fan": "Linear weight [out, in]: fan_in = in, fan_out = out. Conv2d weight [out_c, in_c, kh, kw]: "
           "fan_in = in_c*kh*kw, fan_out = out_c*kh*kw (receptive field = kh*kw). "
           "torch.nn.init._calculate_fan_in_and_fan_out",
    "calculate_gain": "linear/conv*/sigmoid: 1; tanh: 5/3; relu: sqrt(2); "
                      "leaky_relu(a): sqrt(2 / (1 + a^2)) with a = 0.01 when not given; selu: 3/4",
    "uniform_(a, b)": "U(a, b)",
    "normal_(mean, std)": "N(mean, std^2)",
    "constant_(val)": "every element = val",
    "zeros_/ones_": "every element = 0 / 1",
    "xavier_uniform_(gain=1)": "U(-bound, bound), bound = gain * sqrt(6 / (fan_in + fan_out)); "
                               "std = gain * sqrt(2 / (fan_in + fan_out))",
    "xavier_normal_(gain=1)": "N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out))",
    "kaiming_uniform_(a=0, mode='fan_in', nonlinearity='leaky_relu')":
        "U(-bound, bound), bound = sqrt(3) * gain / sqrt(fan), gain = calculate_gain(nonlinearity, a), "
        "fan = fan_in or fan_out per mode",
    "kaiming_normal_(a=0, mode='fan_in', nonlinearity='leaky_relu')":
        "N(0, std^2), std = gain / sqrt(fan)",
    "sparse_(sparsity, std=0.01)": "2-D only, [rows, cols]: every element ~ N(0, std^2), then in each column "
                                   "num_zeros = ceil(sparsity * rows) rows, chosen by a random permutation, are "
                                   "set to 0; so each column has exactly ceil(sparsity*rows) zeros",
    "Linear.reset_parameters": "weight: kaiming_uniform_(a=sqrt(5)) => gain = sqrt(2/(1+5)) = sqrt(1/3), "
                               "bound = sqrt(3) * sqrt(1/3) / sqrt(fan_in) = 1/sqrt(fan_in); "
                               "bias: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (fan_in of the weight; 0 if fan_in = 0)",
    "Conv2d.reset_parameters": "same as Linear, with fan_in = in_channels/groups * kh * kw",
    "BatchNorm.reset_parameters": "weight = 1, bias = 0, running_mean = 0, running_var = 1, "
                                  "num_batches_tracked = 0 (int64)",
    "uniform_std": "std of U(-bound, bound) = bound / sqrt(3)",
    "empirical_stats": "mean, std (unbiased, divide by n-1), min, max over all elements, computed in float64 "
                       "from float32 draws after torch.manual_seed(0)",
}


def stats(x):
    x = x.detach().to(torch.float64).reshape(-1)
    return {"count": x.numel(), "mean": x.mean().item(), "std": x.std().item() if x.numel() > 1 else 0.0,
            "min": x.min().item(), "max": x.max().item(),
            "zero_fraction": (x == 0).double().mean().item()}


def fans(w):
    fan_in, fan_out = init._calculate_fan_in_and_fan_out(w)
    return fan_in, fan_out


def layer_defaults():
    specs = [
        ("Linear(784,512)", lambda: nn.Linear(784, 512)),
        ("Linear(100,10)", lambda: nn.Linear(100, 10)),
        ("Conv2d(16,32,5)", lambda: nn.Conv2d(16, 32, 5)),
        ("Conv2d(1,6,5)", lambda: nn.Conv2d(1, 6, 5)),
        ("BatchNorm1d(300)", lambda: nn.BatchNorm1d(300)),
    ]
    out = []
    for name, make in specs:
        torch.manual_seed(0)
        m = make()
        rec = {"layer": name, "tensors": {}}
        if isinstance(m, nn.BatchNorm1d):
            for k, v in m.state_dict().items():
                rec["tensors"][k] = {"shape": list(v.shape), "dtype": str(v.dtype).replace("torch.", ""),
                                     "distribution": "constant",
                                     "value": 0 if k in ("bias", "running_mean", "num_batches_tracked") else 1,
                                     "empirical": stats(v)}
        else:
            fan_in, fan_out = fans(m.weight)
            bound = 1.0 / math.sqrt(fan_in)
            rec["fan_in"], rec["fan_out"] = fan_in, fan_out
            for k in ("weight", "bias"):
                v = getattr(m, k)
                rec["tensors"][k] = {"shape": list(v.shape), "dtype": "float32", "distribution": "uniform",
                                     "bound": bound, "expected_std": bound / math.sqrt(3),
                                     "empirical": stats(v)}
        out.append(rec)
    return out


def init_functions():
    shape = [300, 784]  # fan_in 784, fan_out 300: the first layer of seed 004
    fan_in, fan_out = 784, 300
    gain_relu = math.sqrt(2.0)
    cases = [
        ("xavier_uniform_", {}, lambda w: init.xavier_uniform_(w), "uniform",
         {"bound": math.sqrt(6.0 / (fan_in + fan_out)), "expected_std": math.sqrt(2.0 / (fan_in + fan_out))}),
        ("xavier_uniform_", {"gain": 5.0 / 3}, lambda w: init.xavier_uniform_(w, gain=5.0 / 3), "uniform",
         {"bound": 5.0 / 3 * math.sqrt(6.0 / (fan_in + fan_out)),
          "expected_std": 5.0 / 3 * math.sqrt(2.0 / (fan_in + fan_out))}),
        ("xavier_normal_", {}, lambda w: init.xavier_normal_(w), "normal",
         {"expected_std": math.sqrt(2.0 / (fan_in + fan_out))}),
        ("kaiming_uniform_", {"mode": "fan_in", "nonlinearity": "relu"},
         lambda w: init.kaiming_uniform_(w, mode="fan_in", nonlinearity="relu"), "uniform",
         {"bound": gain_relu * math.sqrt(3.0 / fan_in), "expected_std": gain_relu / math.sqrt(fan_in)}),
        ("kaiming_uniform_", {"mode": "fan_out", "nonlinearity": "relu"},
         lambda w: init.kaiming_uniform_(w, mode="fan_out", nonlinearity="relu"), "uniform",
         {"bound": gain_relu * math.sqrt(3.0 / fan_out), "expected_std": gain_relu / math.sqrt(fan_out)}),
        ("kaiming_normal_", {"mode": "fan_in", "nonlinearity": "relu"},
         lambda w: init.kaiming_normal_(w, mode="fan_in", nonlinearity="relu"), "normal",
         {"expected_std": gain_relu / math.sqrt(fan_in)}),
        ("kaiming_uniform_", {"a": math.sqrt(5)}, lambda w: init.kaiming_uniform_(w, a=math.sqrt(5)), "uniform",
         {"bound": 1.0 / math.sqrt(fan_in), "expected_std": 1.0 / math.sqrt(3 * fan_in)}),
        ("normal_", {"mean": 0.0, "std": 0.01}, lambda w: init.normal_(w, 0.0, 0.01), "normal",
         {"expected_mean": 0.0, "expected_std": 0.01}),
        ("uniform_", {"a": -0.1, "b": 0.3}, lambda w: init.uniform_(w, -0.1, 0.3), "uniform",
         {"low": -0.1, "high": 0.3, "expected_mean": 0.1, "expected_std": 0.4 / math.sqrt(12)}),
        ("constant_", {"val": 0.5}, lambda w: init.constant_(w, 0.5), "constant", {"value": 0.5}),
        ("zeros_", {}, lambda w: init.zeros_(w), "constant", {"value": 0.0}),
        ("ones_", {}, lambda w: init.ones_(w), "constant", {"value": 1.0}),
    ]
    out = []
    for fn, args, apply, dist, expected in cases:
        torch.manual_seed(0)
        w = torch.empty(shape)
        apply(w)
        out.append({"function": fn, "args": args, "shape": shape, "fan_in": fan_in, "fan_out": fan_out,
                    "distribution": dist, "expected": expected, "empirical": stats(w)})
    for sparsity in (0.1, 0.25):
        torch.manual_seed(0)
        w = torch.empty(shape)
        init.sparse_(w, sparsity=sparsity, std=0.01)
        zeros_per_col = (w == 0).sum(dim=0)
        nz = w[w != 0]
        num_zeros = math.ceil(sparsity * shape[0])
        out.append({"function": "sparse_", "args": {"sparsity": sparsity, "std": 0.01}, "shape": shape,
                    "distribution": "sparse_normal",
                    "expected": {"zeros_per_column": num_zeros, "zero_fraction_per_column": num_zeros / shape[0],
                                 "nonzero_std": 0.01},
                    "empirical": dict(stats(w), zeros_per_column_min=int(zeros_per_col.min()),
                                      zeros_per_column_max=int(zeros_per_col.max()),
                                      nonzero_std=nz.to(torch.float64).std().item())})
    gains = {"linear": init.calculate_gain("linear"), "conv2d": init.calculate_gain("conv2d"),
             "sigmoid": init.calculate_gain("sigmoid"), "tanh": init.calculate_gain("tanh"),
             "relu": init.calculate_gain("relu"), "leaky_relu": init.calculate_gain("leaky_relu"),
             "leaky_relu(0.2)": init.calculate_gain("leaky_relu", 0.2), "selu": init.calculate_gain("selu")}
    return out, gains


def main():
    funcs, gains = init_functions()
    write("init.json", "tools/reference/init.py (regenerate: /usr/bin/python3 tools/reference/init.py)", {
        "formulas": FORMULAS,
        "gains": gains,
        "layer_defaults": layer_defaults(),
        "init_functions": funcs,
        "note": "expected values are exact (float64); empirical values are one draw of torch.manual_seed(0) and "
                "are meant for loose checks (a jnn draw of the same size should land within a few standard errors)",
    })


if __name__ == "__main__":
    main()
