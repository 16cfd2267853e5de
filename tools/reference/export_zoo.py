"""Write each zoo model's state_dict (PyTorch default init, torch.manual_seed(0)) as safetensors.

PyTorch 1.13. Regenerate the committed test files (only those under 1 MB are kept in git):
    /usr/bin/python3 tools/reference/export_zoo.py reference-data/zoo cnn lenet linear
Usage: export_zoo.py <dir> [model ...]   (default: every model in zoo.MODELS)
"""
import os
import sys

import torch

import safetensors_io
from zoo import MODELS


def main(argv):
    if not argv:
        sys.exit("usage: export_zoo.py <dir> [model ...]; models: " + ", ".join(MODELS))
    out_dir, names = argv[0], argv[1:] or list(MODELS)
    os.makedirs(out_dir, exist_ok=True)
    for name in names:
        if name not in MODELS:
            sys.exit("unknown model %r; known: %s" % (name, ", ".join(MODELS)))
        torch.manual_seed(0)
        model = MODELS[name]()
        path = os.path.join(out_dir, name + ".safetensors")
        safetensors_io.save_torch(path, model.state_dict(),
                                  {"format": "pt", "model": name, "writer": "torch " + torch.__version__})
        print("wrote %s (%d bytes)" % (path, os.path.getsize(path)))


if __name__ == "__main__":
    main(sys.argv[1:])
