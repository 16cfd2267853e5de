"""state_dict layout of every zoo model (and of its twin with dropout) -> reference-data/zoo_state_dicts.json, plus the small
PyTorch-written zoo files reference-data/zoo/{cnn,lenet,speedrun}.safetensors and a mixed-dtype file
reference-data/zoo/mixed-dtypes.safetensors (a BatchNorm1d(3) state_dict with its I64
num_batches_tracked, plus F64 and I32 tensors).

Generated with PyTorch 1.13 (Debian python3-torch).
Regenerate: /usr/bin/python3 tools/reference/zoo_state_dicts.py
The files larger than 1 MB (mlp, bn-mlp, linear) are not committed; export_zoo.py writes them.
"""
import collections
import os

import torch
import torch.nn as nn

import safetensors_io
from refutil import OUT_DIR, num, write
from zoo import MODELS

COMMITTED = ["cnn", "lenet", "speedrun"]
SAFETENSORS_DTYPE = {torch.float32: "F32", torch.int64: "I64", torch.float64: "F64", torch.int32: "I32"}


def digest(tensor):
    """Numbers a reader can check without storing the tensor: element sum (float64) and the first 4."""
    flat = tensor.detach().reshape(-1)
    return {"sum": float(flat.to(torch.float64).sum().item()),
            "first": [num(v) if tensor.is_floating_point() else int(v) for v in flat[:4].tolist()]}


def with_dropout(cls, p=0.25):
    """The twin of `jnn train --dropout p`: its repr, and its state_dict keys (the same as without dropout)."""
    model = cls(dropout=p)
    return {"dropout": p, "repr": repr(model), "keys": list(model.state_dict().keys())}


def main():
    layouts = []
    files = {}
    zoo_dir = os.path.join(OUT_DIR, "zoo")
    os.makedirs(zoo_dir, exist_ok=True)
    for name, cls in MODELS.items():
        torch.manual_seed(0)
        model = cls()
        sd = model.state_dict()
        layouts.append({
            "model": name,
            "class": cls.__name__,
            "repr": repr(model),
            "parameter_count": sum(p.numel() for p in model.parameters()),
            "tensors": [{"key": k, "shape": list(v.shape), "dtype": SAFETENSORS_DTYPE[v.dtype],
                         "is_parameter": k in dict(model.named_parameters())} for k, v in sd.items()],
            "with_dropout": with_dropout(cls),
        })
        if name in COMMITTED:
            path = os.path.join(zoo_dir, name + ".safetensors")
            meta = {"format": "pt", "model": name, "writer": "torch " + torch.__version__}
            safetensors_io.save_torch(path, sd, meta)
            files[name] = {"path": "reference-data/zoo/%s.safetensors" % name, "metadata": meta,
                           "size_bytes": os.path.getsize(path),
                           "tensors": {k: digest(v) for k, v in sd.items()}}

    bn = nn.BatchNorm1d(3)
    bn.train()
    bn(torch.linspace(-1, 2, 12).reshape(4, 3))
    bn(torch.linspace(3, -1, 6).reshape(2, 3))
    mixed = collections.OrderedDict(("bn." + k, v) for k, v in bn.state_dict().items())
    mixed["f64"] = torch.linspace(-1, 1, 5, dtype=torch.float64).reshape(5, 1)
    mixed["i32"] = torch.tensor([[1, -2, 3], [2147483647, -2147483648, 0]], dtype=torch.int32)
    mixed["scalar"] = torch.tensor(2.5)
    mixed["empty"] = torch.zeros(0, 3)
    path = os.path.join(zoo_dir, "mixed-dtypes.safetensors")
    meta = {"purpose": "dtype coverage", "writer": "torch " + torch.__version__}
    safetensors_io.save_torch(path, mixed, meta)
    files["mixed-dtypes"] = {"path": "reference-data/zoo/mixed-dtypes.safetensors", "metadata": meta,
                             "size_bytes": os.path.getsize(path),
                             "tensors": {k: dict(digest(v), shape=list(v.shape), dtype=SAFETENSORS_DTYPE[v.dtype],
                                                 values=v.reshape(-1).tolist()) for k, v in mixed.items()}}

    write("zoo_state_dicts.json",
          "tools/reference/zoo_state_dicts.py (regenerate: /usr/bin/python3 tools/reference/zoo_state_dicts.py)",
          {"models": layouts, "files": files,
           "note": "tensors are listed in state_dict order; files were written by tools/reference/safetensors_io.py "
                   "from the state_dict after torch.manual_seed(0) and default init, in state_dict order"})


if __name__ == "__main__":
    main()
