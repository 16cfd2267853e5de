"""Recompute the forward values in reference-data/layers.json from the formulas written in
reference-data/README.md (numpy, float64), so the README's formulas are known to be PyTorch's.

Run: /usr/bin/python3 tools/reference/check_layers.py     (numpy only)
Covers: Linear, every Conv2d case (stride, padding, dilation, rectangular kernels), max/avg
pooling, activations, softmax/log-softmax, Maxout's layout, BatchNorm train/eval with running
statistics, and the losses (incl. label smoothing). Gradients are PyTorch's own and not re-derived.
"""
import json
import os
import sys

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def arr(t):
    return np.array(t["data"], dtype=np.float64).reshape(t["shape"])


def pair(v):
    return tuple(v) if isinstance(v, list) else (v, v)


def conv2d(x, w, b, stride, padding, dilation):
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    (sh, sw), (ph, pw), (dh, dw) = stride, padding, dilation
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    oh = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (wd + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    out = np.zeros((n, o, oh, ow))
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, :, i * sh:i * sh + dh * (kh - 1) + 1:dh, j * sw:j * sw + dw * (kw - 1) + 1:dw]
            out[:, :, i, j] = np.einsum("nckl,ockl->no", patch, w)
    return out + (b.reshape(1, -1, 1, 1) if b is not None else 0)


def pool(x, k, s, p, kind):
    n, c, h, w = x.shape
    fill = -np.inf if kind == "max" else 0.0
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), constant_values=fill)
    oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    out = np.zeros((n, c, oh, ow))
    for i in range(oh):
        for j in range(ow):
            win = xp[:, :, i * s:i * s + k, j * s:j * s + k]
            out[:, :, i, j] = win.max(axis=(2, 3)) if kind == "max" else win.mean(axis=(2, 3))
    return out


def log_softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def forward(case):
    x, p, cfg, kind = arr(case["input"]), {k: arr(v) for k, v in case["params"].items()}, case["config"], case["layer"]
    if kind == "Linear":
        return x @ p["weight"].T + p["bias"]
    if kind == "Conv2d":
        return conv2d(x, p["weight"], p.get("bias"), pair(cfg.get("stride", 1)), pair(cfg.get("padding", 0)),
                      pair(cfg.get("dilation", 1)))
    if kind in ("MaxPool2d", "AvgPool2d"):
        k = cfg["kernel_size"]
        return pool(x, k, cfg.get("stride", k), cfg.get("padding", 0), "max" if kind == "MaxPool2d" else "avg")
    if kind == "Flatten":
        return x.reshape(x.shape[0], -1)
    if kind == "ReLU":
        return np.maximum(x, 0)
    if kind == "Sigmoid":
        return 1 / (1 + np.exp(-x))
    if kind == "Tanh":
        return np.tanh(x)
    if kind == "Softmax":
        return np.exp(log_softmax(x))
    if kind == "LogSoftmax":
        return log_softmax(x)
    if kind == "Maxout":
        z = x @ p["linear.weight"].T + p["linear.bias"]
        return z.reshape(x.shape[0], cfg["out_features"], cfg["pieces"]).max(axis=-1)
    if kind.startswith("BatchNorm"):
        return batchnorm(case, x, p, cfg)
    raise ValueError(kind)


def batchnorm(case, x, p, cfg):
    axes = (0,) if x.ndim == 2 else (0, 2, 3)
    shape = (1, -1) if x.ndim == 2 else (1, -1, 1, 1)
    eps, mom = cfg["eps"], cfg["momentum"]
    if case["mode"] == "eval":
        mean, var = arr(case["buffers"]["running_mean"]), arr(case["buffers"]["running_var"])
    else:
        # Running statistics: unbiased variance, momentum-weighted; checked against both calls.
        rm, rv = arr(case["buffers_before"]["running_mean"]), arr(case["buffers_before"]["running_var"])
        for inp, key in ((x, "buffers_after_first_call"), (arr(case["second_input"]), "buffers_after_second_call")):
            n = inp.size / inp.shape[1]
            rm = (1 - mom) * rm + mom * inp.mean(axis=axes)
            rv = (1 - mom) * rv + mom * inp.var(axis=axes) * n / (n - 1)
            check(case["name"] + " " + key, rm, arr(case[key]["running_mean"]))
            check(case["name"] + " " + key, rv, arr(case[key]["running_var"]))
        mean, var = x.mean(axis=axes), x.var(axis=axes)
    return (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps) * p["weight"].reshape(shape) \
        + p["bias"].reshape(shape)


def loss_value(case):
    x, y, cfg = arr(case["input"]), case["target"], case["config"]
    if case["loss"] == "MSELoss":
        sq = (x - arr(y)) ** 2
        return sq.mean() if cfg["reduction"] == "mean" else sq.sum()
    t = np.array(y["data"])
    logp = log_softmax(x) if case["loss"] == "CrossEntropyLoss" else x
    nll = -logp[np.arange(len(t)), t]
    eps = cfg.get("label_smoothing", 0.0)
    # Label smoothing: (1-eps) * nll + eps * mean over classes of -log p.
    per = (1 - eps) * nll + eps * (-logp.mean(axis=1))
    return per.mean() if cfg["reduction"] == "mean" else per.sum()


WORST = [0.0]


def check(what, got, want, tol=1e-5, scale=None):
    # Deviation relative to the tensor's largest magnitude: float32 sums that cancel leave tiny
    # elements whose own relative error says nothing about the formula.
    want = np.asarray(want, dtype=np.float64)
    scale = scale if scale is not None else (np.max(np.abs(want)) if want.size else 1.0)
    dev = float(np.max(np.abs(np.asarray(got) - want)) / max(scale, 1e-6)) if want.size else 0.0
    WORST[0] = max(WORST[0], dev)
    print("%-45s max deviation / max magnitude %.2e" % (what, dev))
    if dev > tol:
        sys.exit("FAILED: %s does not match the documented formula" % what)


def main():
    with open(os.path.join(ROOT, "reference-data", "layers.json")) as f:
        doc = json.load(f)
    for case in doc["layers"]:
        check(case["name"], forward(case), arr(case["output"]))
        terms = arr(case["output"]) * arr(case["loss_weights"])
        check(case["name"] + " loss", float(terms.sum()), case["loss"], scale=float(np.abs(terms).sum()))
    for case in doc["losses"]:
        check(case["name"], loss_value(case), case["value"])
    ops = doc["tensor_ops"]
    a, b, c, m4 = arr(ops["a"]), arr(ops["b"]), arr(ops["c"]), arr(ops["m4"])
    check("mm_a_c", a @ c, arr(ops["mm_a_c"]))
    check("cat_a_b_dim1", np.concatenate([a, b], 1), arr(ops["cat_a_b_dim1"]))
    check("mul_a_b", a * b, arr(ops["mul_a_b"]))
    check("inverse_c", np.linalg.inv(c), arr(ops["inverse_c"]))
    check("inverse_m4", np.linalg.inv(m4), arr(ops["inverse_m4"]))
    print("OK: every documented forward formula reproduces PyTorch 1.13 within %.1e" % WORST[0])


if __name__ == "__main__":
    main()
