#!/usr/bin/env python3
"""Turns benchmarks/run.sh's results into the Markdown tables of benchmarks/README.md."""
import json
import re
import sys
from pathlib import Path

out = Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/target/results")
jmh = json.loads((out / "jmh.json").read_text())

def openblas(threads):
    rows = {}
    for line in (out / f"openblas_{threads}t.txt").read_text().splitlines():
        m = re.search(r"([NT]{2}) m=\s*(\d+) n=\s*(\d+) k=\s*(\d+)\s+best\s+([\d.]+)\s+mean\s+([\d.]+)", line)
        if m:
            rows[f"{m[2]}x{m[3]}x{m[4]}:{m[1]}"] = float(m[6])
    return rows

blas = {t: openblas(t) for t in (1, 2)}
gemm = {}
conv = {}
for r in jmh:
    us = r["primaryMetric"]["score"]
    p = r["params"]
    if r["benchmark"].endswith("SgemmBenchmark.run"):
        m, n, k = map(int, re.split(r"[x:]", p["shape"])[:3])
        gemm[(p["shape"], int(p["threads"]))] = 2 * m * n * k / us / 1e3
    else:
        op = r["benchmark"].rsplit(".", 1)[1]
        cin, h, cout = (1, 28, 16) if p["layer"] == "conv1" else (16, 14, 32)
        flops = 2 * 50 * cout * h * h * cin * 25
        conv[(p["layer"], op, int(p["threads"]))] = (us, flops / us / 1e3)

print((out / "fma_peak.txt").read_text().strip())
print()
print("| shape (m x n x k : op) | jnn 1T | OpenBLAS 1T | jnn/OpenBLAS 1T | jnn 2T | OpenBLAS 2T | jnn/OpenBLAS 2T |")
print("|---|---:|---:|---:|---:|---:|---:|")
for shape in dict.fromkeys(s for s, _ in gemm):
    cells = []
    for t in (1, 2):
        j, b = gemm.get((shape, t)), blas[t].get(shape)
        cells += [f"{j:.1f}" if j else "-", f"{b:.1f}" if b else "-", f"{j / b:.0%}" if j and b else "-"]
    print(f"| {shape} | {cells[0]} | {cells[1]} | {cells[2]} | {cells[3]} | {cells[4]} | {cells[5]} |")
print()
print("| layer | op | 1T µs | 1T GFLOP/s | 2T µs | 2T GFLOP/s |")
print("|---|---|---:|---:|---:|---:|")
for layer, op in dict.fromkeys((l, o) for l, o, _ in conv):
    one, two = conv.get((layer, op, 1)), conv.get((layer, op, 2))
    fmt = lambda v: (f"{v[0]:.0f}", f"{v[1]:.1f}") if v else ("-", "-")
    print(f"| {layer} | {op} | {' | '.join(fmt(one))} | {' | '.join(fmt(two))} |")
