#!/usr/bin/env bash
# Seed 003's optimizer comparison, from the command line: `jnn train --model linear` (one epoch,
# ToTensor, batch 64, shuffled) with SGD, SGD+Nesterov, Adam (the seed's) and Adam+AMSGrad, each
# next to PyTorch 1.13 on the same recipe (benchmarks/pytorch/seed003_optimizers.py, which lists the
# flags and the PyTorch optimizers they stand for). Test accuracy on the 10,000 test images; the runs
# go one at a time. The two frameworks draw different initial weights and batch orders from their own
# generators, so compare the spread over seeds, not single runs.
#
# Usage: benchmarks/seed003-optimizers.sh [seeds]         (default: 1,2,3)
# Environment: THREADS (default 1) for both sides.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SEEDS="${1:-1,2,3}"
THREADS="${THREADS:-1}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

declare -A FLAGS=(
    [sgd]="--optimizer sgd --lr 0.01"
    [sgd-nesterov]="--optimizer sgd --lr 0.01 --momentum 0.9 --nesterov"
    [adam]="--optimizer adam"
    [adam-amsgrad]="--optimizer adam --amsgrad")
RUNS=(sgd sgd-nesterov adam adam-amsgrad)

echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'); $(date -u '+%Y-%m-%d %H:%M UTC'); linear, 1 epoch, batch 64, seeds $SEEDS, $THREADS thread(s)"
printf '%-14s %-58s %-26s %-26s\n' run "jnn flags" "jnn test accuracy" "PyTorch 1.13 test accuracy"
for run in "${RUNS[@]}"; do
    jnn_acc=()
    for seed in ${SEEDS//,/ }; do
        # shellcheck disable=SC2086  # the flags are words
        "$ROOT/jnn" train --model linear ${FLAGS[$run]} --seed "$seed" --threads "$THREADS" --no-plots \
            --out "$OUT/$run-$seed" >"$OUT/$run-$seed.log" 2>&1 || { cat "$OUT/$run-$seed.log" >&2; exit 1; }
        jnn_acc+=("$(/usr/bin/python3 -c 'import json,sys; print("%.2f" % (100 * json.load(open(sys.argv[1]))["test_accuracy"]))' \
            "$OUT/$run-$seed/metrics.json")")
    done
    torch_acc=()
    while read -r line; do
        torch_acc+=("$(/usr/bin/python3 -c 'import json,sys; print("%.2f" % (100 * json.loads(sys.argv[1])["test_accuracy"]))' "$line")")
    done < <(OMP_NUM_THREADS="$THREADS" OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$ROOT/benchmarks/pytorch/seed003_optimizers.py" \
        --runs "$run" --seeds "$SEEDS")
    printf '%-14s %-58s %-26s %-26s\n' "$run" "${FLAGS[$run]}" "$(IFS=' '; echo "${jnn_acc[*]}")" "$(IFS=' '; echo "${torch_acc[*]}")"
done
