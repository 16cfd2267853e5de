#!/usr/bin/env python3
"""PyTorch side of the seed-003 optimizer comparison: `jnn train --model linear` with the same flags.

Seed 003 trains its linear net (Flatten, Linear 784-300-100-10, no activation) for one epoch on MNIST
with ToTensor only, batch 64, shuffled, Adam(lr=1e-3), and compares optimizers. This script runs the
same recipe for each configuration below with PyTorch 1.13 and prints the test accuracy on the 10,000
test images, one JSON line per run; benchmarks/seed003-optimizers.sh runs jnn on the same
configurations and prints both side by side.

Each configuration is the jnn flags and the PyTorch optimizer they stand for:
    sgd            --optimizer sgd --lr 0.01                      SGD(lr=0.01)
    sgd-nesterov   --optimizer sgd --lr 0.01 --momentum 0.9 --nesterov
                                                                  SGD(lr=0.01, momentum=0.9, nesterov=True)
    adam           --optimizer adam                               Adam(lr=1e-3)  (the seed's)
    adam-amsgrad   --optimizer adam --amsgrad                     Adam(lr=1e-3, amsgrad=True)

Usage: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/pytorch/seed003_optimizers.py \
           [--runs sgd,adam] [--seeds 1,2,3] [--data-dir ~/.jnn/data/mnist]
"""
import argparse
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools", "reference"))
from zoo import MODELS  # noqa: E402  the seed models with the seeds' module names

RUNS = {
    "sgd": ("--optimizer sgd --lr 0.01", lambda p: torch.optim.SGD(p, lr=0.01)),
    "sgd-nesterov": ("--optimizer sgd --lr 0.01 --momentum 0.9 --nesterov",
                     lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9, nesterov=True)),
    "adam": ("--optimizer adam", lambda p: torch.optim.Adam(p, lr=1e-3)),
    "adam-amsgrad": ("--optimizer adam --amsgrad", lambda p: torch.optim.Adam(p, lr=1e-3, amsgrad=True)),
}
BATCH = 64


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, 1, rows, cols)
    return np.frombuffer(data, dtype=np.uint8, offset=8)


def load(data_dir, prefix):
    x = torch.from_numpy(read_idx(os.path.join(data_dir, prefix + "-images-idx3-ubyte")).astype(np.float32) / 255.0)
    y = torch.from_numpy(read_idx(os.path.join(data_dir, prefix + "-labels-idx1-ubyte")).astype(np.int64))
    return x, y


def train_once(name, seed, train, test):
    torch.manual_seed(seed)
    model = MODELS["linear"]()
    opt = RUNS[name][1](model.parameters())
    loss_fn = nn.CrossEntropyLoss()
    x, y = train
    order = torch.randperm(len(x))   # one shuffled epoch, as DataLoader(shuffle=True) draws it
    model.train()
    for i in range(0, len(x), BATCH):
        idx = order[i:i + BATCH]
        opt.zero_grad()
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        correct = sum(int((model(test[0][i:i + 1000]).argmax(1) == test[1][i:i + 1000]).sum())
                      for i in range(0, len(test[0]), 1000))
    return correct / len(test[0])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", default=",".join(RUNS))
    p.add_argument("--seeds", default="1")
    p.add_argument("--data-dir", default=os.path.expanduser("~/.jnn/data/mnist"))
    a = p.parse_args()
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
    train = load(a.data_dir, "train")
    test = load(a.data_dir, "t10k")
    for name in a.runs.split(","):
        for seed in (int(s) for s in a.seeds.split(",")):
            acc = train_once(name, seed, train, test)
            print(json.dumps({"framework": "pytorch " + torch.__version__, "run": name, "flags": RUNS[name][0],
                              "seed": seed, "test_accuracy": acc}), flush=True)


if __name__ == "__main__":
    main()
