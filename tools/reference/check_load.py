"""Check that PyTorch loads a safetensors file into a zoo model with load_state_dict(strict=True).

PyTorch 1.13. Usage: /usr/bin/python3 tools/reference/check_load.py <model> <file.safetensors> [dropout]
Prints OK (and the tensor count) or exits non-zero with PyTorch's error. With a dropout probability,
the model is the twin of `jnn train --dropout P` (the state_dict keys are the same either way).
"""
import sys

import torch

import safetensors_io
from zoo import MODELS


def main(argv):
    if len(argv) not in (2, 3) or argv[0] not in MODELS:
        sys.exit("usage: check_load.py <model> <file> [dropout]; models: " + ", ".join(MODELS))
    model = MODELS[argv[0]](dropout=float(argv[2])) if len(argv) == 3 else MODELS[argv[0]]()
    tensors, meta = safetensors_io.load_torch(argv[1])
    expected = model.state_dict()
    for name, tensor in tensors.items():
        if name in expected and expected[name].dtype != tensor.dtype:
            sys.exit("%s: dtype %s, PyTorch expects %s" % (name, tensor.dtype, expected[name].dtype))
    model.load_state_dict(tensors, strict=True)
    # The forward pass must run on the loaded weights (catches layout mistakes that shapes miss).
    model.eval()
    with torch.no_grad():
        out = model(torch.zeros(2, 1, 28, 28))
    if not torch.isfinite(out).all():
        sys.exit("forward pass gave non-finite outputs")
    print("OK %s: %d tensors loaded strictly, metadata %s" % (argv[0], len(tensors), meta))


if __name__ == "__main__":
    main(sys.argv[1:])
