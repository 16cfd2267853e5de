#!/usr/bin/env python3
"""PyTorch side of jnn's CPU comparison: trains a seed model's recipe on real MNIST batches.

Feeds the training set in file order (no shuffle, like `./jnn train --no-shuffle`), so both
frameworks see the same batches; data is preloaded as float tensors so that data loading is not
measured. Prints one JSON line: model, threads, steps, samples/s (training), and for `--infer`
the inference samples/s at batch 1000.

Thread settings must be fixed before torch (and so OpenBLAS) loads: compare-pytorch.sh sets
OMP_NUM_THREADS / OPENBLAS_NUM_THREADS in the environment; this script only calls
torch.set_num_threads to match. So must glibc malloc's thresholds (MALLOC_MMAP_THRESHOLD_,
MALLOC_TRIM_THRESHOLD_): without them malloc may give the convolution buffers back to the kernel
every step and fault them in again (about 15x the page faults and 25% slower here); the scripts
set them and print the page faults beside the figure.

Usage: train_bench.py --model cnn --threads 1 --steps 300 --warmup 30 --data-dir ~/.jnn/data/mnist
       train_bench.py --model cnn --device cuda [--tf32] ...   (the GPU comparison, scripts/gpu-bundle.sh)
"""
import argparse
import json
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools", "reference"))
from zoo import MODELS  # noqa: E402  the seed models with the seeds' module names

RECIPES = {
    # model: (optimizer, lr, momentum, batch, normalisation mean/std or None)
    "mlp": ("sgd", 0.01, 0.5, 64, (0.1307, 0.3081)),
    "bn-mlp": ("sgd", 0.01, 0.5, 64, (0.5, 0.5)),
    "cnn": ("adam", 0.001, 0.0, 50, None),
    "lenet": ("sgd", 0.01, 0.9, 64, (0.5, 0.5)),
    "linear": ("adam", 0.001, 0.0, 64, None),
}


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, 1, rows, cols)
    return np.frombuffer(data, dtype=np.uint8, offset=8)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True, choices=sorted(RECIPES))
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--warmup", type=int, default=30)
    p.add_argument("--data-dir", default=os.path.expanduser("~/.jnn/data/mnist"))
    p.add_argument("--infer", action="store_true", help="also measure inference at batch 1000")
    p.add_argument("--device", default="cpu", help="cpu (default) or cuda")
    p.add_argument("--tf32", action="store_true",
                   help="on cuda: allow TF32 in matmuls and cuDNN convolutions (default: off for both, like jnn)")
    p.add_argument("--ops", type=int, default=0,
                   help="after timing, profile this many steps and report the operators that took the most time "
                        "(evidence of which kernels PyTorch ran)")
    a = p.parse_args()
    device = torch.device(a.device)
    if device.type == "cuda":
        # PyTorch's own defaults are TF32 off for matmul and on for cuDNN; jnn's cuda backend has it off.
        torch.backends.cuda.matmul.allow_tf32 = a.tf32
        torch.backends.cudnn.allow_tf32 = a.tf32
        torch.backends.cudnn.benchmark = False

    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    opt_name, lr, momentum, batch, norm = RECIPES[a.model]
    images = read_idx(os.path.join(a.data_dir, "train-images-idx3-ubyte"))
    labels = read_idx(os.path.join(a.data_dir, "train-labels-idx1-ubyte"))
    x = torch.from_numpy(images.astype(np.float32) / 255.0)
    if norm:
        x = (x - norm[0]) / norm[1]
    y = torch.from_numpy(labels.astype(np.int64))
    x, y = x.to(device), y.to(device)

    model = MODELS[a.model]().to(device)
    model.train()
    if opt_name == "sgd":
        opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    n_batches = x.shape[0] // batch

    def step(i):
        b = i % n_batches
        xb = x[b * batch:(b + 1) * batch]
        yb = y[b * batch:(b + 1) * batch]
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        return loss

    def sync():
        if device.type == "cuda":
            torch.cuda.synchronize()

    for i in range(a.warmup):
        step(i)
    sync()
    t0 = time.perf_counter()
    for i in range(a.warmup, a.warmup + a.steps):
        loss = step(i)
    loss.item()
    sync()
    dt = time.perf_counter() - t0
    result = {"framework": "pytorch " + torch.__version__, "model": a.model, "threads": a.threads,
              "steps": a.steps, "batch": batch, "device": a.device,
              "tf32": bool(device.type == "cuda" and a.tf32), "train_samples_per_s": round(a.steps * batch / dt, 1)}
    if a.ops > 0:
        with torch.autograd.profiler.profile() as prof:
            for i in range(a.ops):
                step(i)
            sync()
        stats = sorted(prof.key_averages(), key=lambda e: e.self_cpu_time_total, reverse=True)
        total = sum(e.self_cpu_time_total for e in stats) or 1
        result["top_ops"] = ["%s %.0f%%" % (e.key, 100.0 * e.self_cpu_time_total / total) for e in stats[:6]]
        result["mkldnn"] = torch.backends.mkldnn.is_available()
    if a.infer:
        model.eval()
        xb = x[:1000]
        with torch.no_grad():
            for _ in range(3):
                model(xb)
            reps = 10
            sync()
            t0 = time.perf_counter()
            for _ in range(reps):
                model(xb)
            sync()
            dt = time.perf_counter() - t0
        result["infer_samples_per_s"] = round(reps * 1000 / dt, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
