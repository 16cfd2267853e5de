#!/usr/bin/env python3
"""A seed recipe as a plain PyTorch 1.13 script, the twin of `./jnn train --model M` for the
whole-run comparison (benchmarks/recipe-vs-pytorch.sh): the same model (tools/reference/zoo.py), optimizer,
learning rate, batch size, epochs, scheduler and normalisation as jnn's recipe, MNIST preloaded as
tensors (as jnn holds it in memory), a seeded shuffle each epoch, and the test set evaluated after
every epoch (batch 1000, eval mode, no grad), as jnn's trainer does. Prints one JSON line with the
test accuracy and the training seconds; the caller times the whole process.

Environment as for train_bench.py: thread and malloc variables are set by the caller.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools", "reference"))
from train_bench import read_idx  # noqa: E402
from zoo import MODELS  # noqa: E402

# model: optimizer, lr, momentum, batch, epochs, (mean, std) or None,
# scheduler ("step", step_size, gamma) stepped per epoch, ("onecycle",) stepped per batch, or None
RECIPES = {
    "mlp": ("sgd", 0.01, 0.5, 64, 10, (0.1307, 0.3081), None),
    "bn-mlp": ("sgd", 0.01, 0.5, 64, 20, (0.5, 0.5), ("step", 5, 0.1)),
    "cnn": ("adam", 0.001, 0.0, 50, 1, None, None),
    "lenet": ("sgd", 0.01, 0.9, 64, 20, (0.5, 0.5), ("step", 5, 0.5)),
    "linear": ("adam", 0.001, 0.0, 64, 1, None, None),
    # jnn's speedrun: OneCycleLR(max_lr=lr) with PyTorch's defaults, stepped after every batch.
    "speedrun": ("adam", 0.01, 0.0, 128, 1, (0.1307, 0.3081), ("onecycle",)),
}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True, choices=sorted(RECIPES))
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--epochs", type=int, help="override the recipe's epochs")
    p.add_argument("--data-dir", default=os.path.expanduser("~/.jnn/data/mnist"))
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    opt_name, lr, momentum, batch, epochs, norm, sched = RECIPES[a.model]
    epochs = a.epochs or epochs

    def load(kind):
        x = torch.from_numpy(read_idx(os.path.join(a.data_dir, kind + "-images-idx3-ubyte")).astype(np.float32) / 255.0)
        if norm:
            x = (x - norm[0]) / norm[1]
        return x, torch.from_numpy(read_idx(os.path.join(a.data_dir, kind + "-labels-idx1-ubyte")).astype(np.int64))

    t_start = time.perf_counter()
    x, y = load("train")
    xt, yt = load("t10k")
    model = MODELS[a.model]()
    opt = (torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum) if opt_name == "sgd"
           else torch.optim.Adam(model.parameters(), lr=lr))
    batches = (x.shape[0] + batch - 1) // batch
    per_batch = sched is not None and sched[0] == "onecycle"
    scheduler = (None if sched is None
                 else torch.optim.lr_scheduler.OneCycleLR(opt, lr, epochs=epochs, steps_per_epoch=batches) if per_batch
                 else torch.optim.lr_scheduler.StepLR(opt, sched[1], sched[2]))
    loss_fn = nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(a.seed)
    train_seconds = 0.0
    for epoch in range(epochs):
        t0 = time.perf_counter()
        model.train()
        order = torch.randperm(x.shape[0], generator=g)
        for i in range(0, x.shape[0], batch):
            idx = order[i:i + batch]
            opt.zero_grad()
            loss_fn(model(x[idx]), y[idx]).backward()
            opt.step()
            if per_batch:
                scheduler.step()
        if scheduler and not per_batch:
            scheduler.step()
        train_seconds += time.perf_counter() - t0
        model.eval()
        correct = 0
        with torch.no_grad():
            for i in range(0, xt.shape[0], 1000):
                correct += (model(xt[i:i + 1000]).argmax(1) == yt[i:i + 1000]).sum().item()
    print(json.dumps({"framework": "pytorch " + torch.__version__, "model": a.model, "threads": a.threads,
                      "epochs": epochs, "test_accuracy": round(100.0 * correct / xt.shape[0], 2),
                      "train_seconds": round(train_seconds, 2), "script_seconds": round(time.perf_counter() - t_start, 2)}))


if __name__ == "__main__":
    main()
