"""Writes reference-data/elementwise_ops.txt: PyTorch 1.13's value and gradient of every element-wise
op that jnn's core defines, for dev.jnn.core's ElementwiseOpsMatchPyTorchTest.

The list of ops is read from jnn's own enums (modules/core/.../spi/UnaryOp.java and BinaryOp.java),
each constant with its input domain, and each op is PyTorch's function of the same lower-case name
(torch.<name>, else torch.nn.functional.<name>; MAX and MIN are torch.maximum and torch.minimum).
A new constant therefore needs no edit here: rerun the script.

Format, one block per op, each line space-separated with floats as exact float32 reprs:
    unary NAME | binary NAME
    a <inputs>            (binary: a and b)
    out <values>
    w <weights>                 (the next lines: absent for comparisons, which have no gradient)
    grad_a <d sum(out * w) / d a>   (binary: grad_a and grad_b)
"""
import os
import re

import torch
import torch.nn.functional as F

from refutil import OUT_DIR, ROOT, num, pattern

SPI = os.path.join(ROOT, "modules", "core", "src", "main", "java", "dev", "jnn", "core", "spi")
N = 13


def constants(java_file):
    """(NAME, [domains]) of each enum constant, in declaration order."""
    text = open(os.path.join(SPI, java_file)).read()
    return [(m.group(1), re.findall(r"Domain\.(\w+)", m.group(2)))
            for m in re.finditer(r"^    ([A-Z_]+)\((.*?)\)[,;]\s*$", text, re.M | re.S)]


def function(name):
    special = {"MAX": torch.maximum, "MIN": torch.minimum}
    if name in special:
        return special[name]
    lower = name.lower()
    return getattr(torch, lower, None) or getattr(F, lower)


def inputs(domain, salt):
    x = pattern([N], a=0.9 + 0.1 * salt, b=0.2 * salt, scale=2.5)
    return x.abs() + 0.25 if domain == "POSITIVE" else x


def line(label, values):
    return label + " " + " ".join(repr(num(v)) for v in values.reshape(-1).tolist())


def block(kind, name, domains):
    xs = [inputs(d, k).requires_grad_(True) for k, d in enumerate(domains)]
    if kind == "binary" and name in ("EQ", "NE", "LT", "LE", "GT", "GE"):
        xs = [torch.round(x.detach() * 0.5) for x in xs]   # ties, so that == and <= are tested
    out = function(name)(*xs)
    lines = [kind + " " + name] + [line("ab"[k], x.detach()) for k, x in enumerate(xs)] + [line("out", out.detach())]
    if out.requires_grad:
        w = pattern([N], a=0.45, b=1.0, scale=1.5)
        lines.append(line("w", w))
        grads = torch.autograd.grad((out * w).sum(), xs, allow_unused=True)
        for k, g in enumerate(grads):
            lines.append(line("grad_" + "ab"[k], g if g is not None else torch.zeros(N)))
    return lines


def main():
    lines = ["# PyTorch " + torch.__version__ + ", float32, one thread; written by tools/reference/elementwise_ops.py"]
    for name, domains in constants("UnaryOp.java"):
        lines += block("unary", name, domains[:1])
    for name, domains in constants("BinaryOp.java"):
        lines += block("binary", name, domains[:2])
    with open(os.path.join(OUT_DIR, "elementwise_ops.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
