#!/usr/bin/env bash
# Data-parallel throughput on this machine (issue #23), the same recipe and global batch each time:
#   1p x 2t   one process, two compute threads          ./jnn train --threads 2
#   2r x 1t   two ranks under Open MPI, one thread each  mpirun -np 2 ./jnn train --threads 1 --distributed mpi
#   2r x 1t, yield   the same with Open MPI told to yield the CPU while it waits (--mca mpi_yield_when_idle 1):
#             its collectives busy-poll by default, which on two cores competes with the other rank's compute
#   1p x 1t   one process, one thread (the per-core baseline)
# for the mlp and cnn recipes, STEPS steps each (default 600; the first 100 are JIT warm-up and not
# counted: metrics.json's steady_samples_per_second), ROUNDS rounds (default 3), interleaved so that
# a disturbance hits every setup alike. Prints samples/s per round, the test accuracy, and for the
# ranks the gradient all-reduce time per step and the part the backward pass did not hide (what rank
# 0 prints as "gradient all-reduce: ..."). Run it on a quiet machine: it prints uptime before and after.
# Usage: benchmarks/distributed.sh [STEPS]     Env: ROUNDS, MODELS ("mlp cnn"), MPIRUN_OPTS (default: none)
# Needs Open MPI (apt-get install openmpi-bin libopenmpi-dev) and MNIST in the default data folder.
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS="${1:-600}"
ROUNDS="${ROUNDS:-3}"
MODELS="${MODELS:-mlp cnn}"
OUT=benchmarks/target/distributed
rm -rf "$OUT" && mkdir -p "$OUT"
command -v mpirun >/dev/null || { echo "no mpirun: apt-get install openmpi-bin libopenmpi-dev" >&2; exit 1; }
if [ "$(id -u)" = 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
./jnn backends >/dev/null   # builds once, before any timing

{ date -u; lscpu | grep -E 'Model name|^CPU\(s\)'; echo "before: $(uptime)"; mpirun --version | head -1; } | tee "$OUT/machine.txt"

run() {   # run MODEL SETUP ROUND
    local model=$1 setup=$2 round=$3 dir="$OUT/$1-$2-$3"
    local common=(train --model "$model" --max-steps "$STEPS" --no-plots --log-every 100000 --out "$dir")
    case "$setup" in
        1p2t) ./jnn "${common[@]}" --threads 2 ;;
        1p1t) ./jnn "${common[@]}" --threads 1 ;;
        2r1t) mpirun ${MPIRUN_OPTS:-} -np 2 ./jnn "${common[@]}" --threads 1 --distributed mpi ;;
        2r1y) mpirun ${MPIRUN_OPTS:-} --mca mpi_yield_when_idle 1 -np 2 ./jnn "${common[@]}" --threads 1 --distributed mpi ;;
    esac >"$dir.log" 2>&1 || { echo "FAILED: $model $setup round $round (log: $dir.log)"; tail -5 "$dir.log"; }
}

for round in $(seq 1 "$ROUNDS"); do
    for model in $MODELS; do
        for setup in 1p2t 2r1t 2r1y 1p1t; do
            run "$model" "$setup" "$round"
        done
    done
done
echo "after: $(uptime)" | tee -a "$OUT/machine.txt"

python3 - "$OUT" "$STEPS" "$ROUNDS" "$MODELS" <<'PY'
import json, os, re, statistics, sys
out, steps, rounds, models = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split()
names = {"1p2t": "1 process x 2 threads", "2r1t": "2 ranks x 1 thread (mpi)", "2r1y": "2 ranks x 1 thread (mpi, yield when idle)",
         "1p1t": "1 process x 1 thread"}
print(f"\n{steps} steps per run, samples/s after the first 100 steps, {rounds} round(s)\n")
print(f"| model | setup | samples/s per round | median | test acc | all-reduce ms/step | not overlapped ms/step |")
print(f"| --- | --- | --- | --- | --- | --- | --- |")
for model in models:
    for setup in ("1p2t", "2r1t", "2r1y", "1p1t"):
        sps, acc, ar, wait = [], [], [], []
        for r in range(1, rounds + 1):
            base = os.path.join(out, f"{model}-{setup}-{r}")
            try:
                m = json.load(open(os.path.join(base, "metrics.json")))
            except (OSError, ValueError):
                continue
            sps.append(m.get("steady_samples_per_second") or m["samples_per_second"])
            acc.append(m["test_accuracy"])
            log = open(base + ".log").read()
            g = re.search(r"all-reduce ([\d.]+) ms per step \(([\d.]+) ms of it not overlapped", log)
            if g:
                ar.append(float(g.group(1)))
                wait.append(float(g.group(2)))
        if not sps:
            print(f"| {model} | {names[setup]} | failed | | | | |")
            continue
        f = lambda xs: f"{statistics.median(xs):.2f}" if xs else "-"
        print(f"| {model} | {names[setup]} | {', '.join(f'{x:,.0f}' for x in sps)} | {statistics.median(sps):,.0f} | "
              f"{100 * statistics.median(acc):.2f}% | {f(ar)} | {f(wait)} |")
PY
