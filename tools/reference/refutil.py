"""Shared helpers for the reference-value scripts (PyTorch 1.13, Debian's python3-torch).

Every tensor goes into JSON as {"shape": [...], "data": [...]}: data is flattened row-major
(C order), floats are float32 values printed with repr() of the exactly-converted Python float,
so Java's Float.parseFloat gives back the identical float32. Integer tensors keep ints.
"""
import json
import math
import os
import re

import torch

TORCH_VERSION = torch.__version__
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_DIR = os.path.join(ROOT, "reference-data")

# Reference values come from one thread and float32 throughout, so reruns are bit-identical.
torch.set_num_threads(1)
torch.set_default_dtype(torch.float32)


def pattern(shape, a=0.7, b=0.3, scale=1.0, offset=0.0):
    """A deterministic float32 tensor: scale * sin(a * k + b) + offset, k the row-major index."""
    n = 1
    for d in shape:
        n *= d
    k = torch.arange(n, dtype=torch.float64)
    return (scale * torch.sin(a * k + b) + offset).to(torch.float32).reshape(shape)


def t(x):
    """Tensor (or number) -> {"shape", "data"} with exact float32 values."""
    if not isinstance(x, torch.Tensor):
        x = torch.tensor(x)
    x = x.detach().contiguous()
    if x.dtype in (torch.int64, torch.int32, torch.bool):
        data = [int(v) for v in x.reshape(-1).tolist()]
    else:
        data = [num(v) for v in x.to(torch.float32).reshape(-1).tolist()]
    return {"shape": list(x.shape), "data": data}


def num(v):
    """A float32-exact Python float; refuses NaN/inf because JSON cannot hold them."""
    f = float(torch.tensor(float(v), dtype=torch.float32).item())
    if not math.isfinite(f):
        raise ValueError("non-finite reference value %r" % v)
    return f


_NUM_ARRAY = re.compile(r"\[\s*((?:-?[0-9][0-9.eE+-]*,?\s*)+)\]")


def write(name, header, body):
    """Write reference-data/<name> with a generator header naming the version and command."""
    doc = {
        "generator": header,
        "torch_version": TORCH_VERSION,
        "float_format": "float32 values as decimal strings that parse back to the exact float32; "
                        "tensors are {shape, data} with data flattened row-major",
    }
    doc.update(body)
    os.makedirs(OUT_DIR, exist_ok=True)
    path = os.path.join(OUT_DIR, name)
    tmp = path + ".tmp"
    text = json.dumps(doc, indent=1, allow_nan=False)
    # Keep each numeric array on one line: the files stay short and diff line by line.
    text = _NUM_ARRAY.sub(lambda m: "[" + " ".join(m.group(1).split()) + "]", text)
    with open(tmp, "w") as f:
        f.write(text)
        f.write("\n")
    os.replace(tmp, path)
    print("wrote", path)
