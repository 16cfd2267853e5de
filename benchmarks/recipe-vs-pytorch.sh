#!/usr/bin/env bash
# What a user feels: a whole `./jnn train --model M` run (start-up, JIT warm-up, shuffled epochs, an
# evaluation after each, the model written) against the same recipe as a PyTorch 1.13 script
# (benchmarks/pytorch/recipe.py), wall time of each whole process, ROUNDS interleaved rounds, medians.
#
# Usage: benchmarks/recipe-vs-pytorch.sh [models...]     (default: cnn mlp)
# Environment: ROUNDS (default 3), THREADS (default 2), BACKENDS (default "vector onednn"),
#              SEEDS (default "1"; round r uses the r-th seed, cycling: ROUNDS=5 SEEDS="1 2 3 4 5" gives
#              the accuracy of five seeds, mean and lowest printed beside the median),
#              JNN_FLAGS (extra flags for ./jnn train, e.g. "--no-plots" is always given).
# PyTorch runs at its best (OpenBLAS's AVX2 settings unset, 1 BLAS thread, glibc malloc thresholds
# raised), with its page faults and CPU time per wall time printed beside it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODELS=("$@"); [ ${#MODELS[@]} -gt 0 ] || MODELS=(cnn mlp)
ROUNDS="${ROUNDS:-3}"; THREADS="${THREADS:-2}"; BACKENDS="${BACKENDS:-vector onednn}"; read -r -a SEED_LIST <<<"${SEEDS:-1}"
PY=/usr/bin/python3
DATA="${JNN_DATA:-$HOME/.jnn/data/mnist}"
"$ROOT/jnn" backends >/dev/null   # builds when stale, outside the timed runs
cpu="$(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores, $(grep -o -m1 'avx512f' /proc/cpuinfo || echo 'no AVX-512'))"
echo "CPU: $cpu; $(date -u '+%Y-%m-%d %H:%M UTC'); $(uptime | sed 's/.*load/load/'); $THREADS threads; median of $ROUNDS interleaved rounds"
printf '%-7s %-8s %12s %10s %12s %10s %8s   %s\n' model side wall_s acc_% train_s faults cpu/wall ratio_to_torch

run_jnn() {  # model backend seed -> "wall acc train faults cpu"
    local out ev; out="$(mktemp -d)"; ev="$(mktemp)"
    /usr/bin/time -o "$ev" -f '%R %U %S %e' "$ROOT/jnn" train --model "$1" --backend "$2" --seed "$3" --threads "$THREADS" --no-plots \
        ${JNN_FLAGS:-} --out "$out/run" >"$out/log" 2>&1 || { echo "n/a n/a n/a n/a n/a"; rm -rf "$out" "$ev"; return; }
    "$PY" - "$out/run/metrics.json" "$ev" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); f, u, s, e = map(float, open(sys.argv[2]).read().split()[-4:])
print(e, round(100 * d["test_accuracy"], 2), round(d["train_seconds"], 2), int(f), round((u + s) / e, 2))
PY
    rm -rf "$out" "$ev"
}

run_torch() {  # model seed -> "wall acc train faults cpu"
    local ev; ev="$(mktemp)"
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE MALLOC_MMAP_THRESHOLD_=1000000000 MALLOC_TRIM_THRESHOLD_=1000000000 \
        OMP_NUM_THREADS="$THREADS" OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS="$THREADS" /usr/bin/time -o "$ev" -f '%R %U %S %e' \
        "$PY" "$ROOT/benchmarks/pytorch/recipe.py" --model "$1" --seed "$2" --threads "$THREADS" --data-dir "$DATA" \
        | "$PY" -c 'import json,sys; r=json.loads(sys.stdin.read()); f,u,s,e=map(float,open(sys.argv[1]).read().split()[-4:]); print(e, r["test_accuracy"], r["train_seconds"], int(f), round((u+s)/e,2))' "$ev"
    rm -f "$ev"
}

median() { "$PY" -c 'import statistics,sys; v=[x for x in sys.argv[1:] if x!="n/a"]; print(round(statistics.median(map(float,v)),2) if v else "n/a")' "$@"; }

for m in "${MODELS[@]}"; do
    declare -A walls=() accs=() trains=() faults=() cpus=()
    for ((r = 0; r < ROUNDS; r++)); do
        seed="${SEED_LIST[r % ${#SEED_LIST[@]}]}"
        for side in torch $BACKENDS; do
            if [ "$side" = torch ]; then read -r w a t f c <<<"$(run_torch "$m" "$seed")"; else read -r w a t f c <<<"$(run_jnn "$m" "$side" "$seed")"; fi
            walls[$side]+="$w "; accs[$side]+="$a "; trains[$side]+="$t "; faults[$side]+="$f "; cpus[$side]+="$c "
        done
    done
    tw="$(median ${walls[torch]})"
    for side in torch $BACKENDS; do
        w="$(median ${walls[$side]})"
        ratio="$("$PY" -c "import sys; w,t=sys.argv[1:]; print('%.2fx faster' % (float(t)/float(w)) if w!='n/a' else 'n/a')" "$w" "$tw")"
        printf '%-7s %-8s %12s %10s %12s %10s %8s   %s\n' "$m" "$side" "$w" "$(median ${accs[$side]})" "$(median ${trains[$side]})" \
            "$(median ${faults[$side]})" "$(median ${cpus[$side]})" "$ratio"
        echo "        rounds: wall ${walls[$side]}; accuracy ${accs[$side]}(mean $("$PY" -c 'import statistics,sys; v=[float(x) for x in sys.argv[1:] if x!="n/a"]; print("%.2f, lowest %.2f" % (statistics.mean(v), min(v)) if v else "n/a")' ${accs[$side]})); seeds ${SEED_LIST[*]}"
    done
    unset walls accs trains faults cpus
done
