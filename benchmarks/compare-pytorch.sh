#!/usr/bin/env bash
# Trains each seed recipe with jnn (each CPU backend) and with PyTorch 1.13 CPU on the same real
# MNIST batches (file order, no shuffle), for the same number of steps, on 1 and 2 threads, and
# prints a table of training samples/s and the ratio jnn / PyTorch. Also cnn inference at batch 1000
# (jnn's side from the JMH uber-jar, benchmarks/target/benchmarks.jar, built when missing).
#
# Usage: benchmarks/compare-pytorch.sh [steps] [models...]      (default: 300 steps; cnn mlp bn-mlp)
# Environment: ROUNDS=N interleaved rounds per row, medians shown (default 1; this machine's speed
# drifts by 20-30% between runs, so use 3 or more for figures to quote); BACKENDS="vector onednn";
# LIBTORCH=1 adds a second baseline in every round, cnn and mlp only: the same recipe on PyTorch
# 2.10's libtorch through JavaCPP (benchmarks/libtorch, built on first use: Maven downloads its
# 110 MB of jars), in the same environment as PyTorch, and jnn's ratio to it.
#
# Fairness, as benchmarks/README.md explains: PyTorch runs with OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE
# unset (they hold OpenBLAS to AVX2), with its thread variables set before Python starts, and with
# OpenBLAS on 1 thread when torch runs 2 (else 4 busy threads share 2 cores). Both sides run WARMUP
# steps first (JIT compilation on the jnn side) and are timed over the STEPS after them: on the jnn
# side, the step seconds of metrics.json's 500-step blocks after the warm-up. WARMUP (a multiple of
# 500, default 2000) is long because on 2 cores C2 compiles for a couple of epochs beside the
# training threads: per-epoch figures of a 2-thread mlp run were 16k, 48k, then 53-61k samples/s,
# and 500-step blocks of 2-thread onednn cnn runs 3.2k, 5.3k, 8.4k, 9.1k, 9.4k and 5.8k, 9.4k,
# 10.5k, 12.6k, 12.6k samples/s; a 100-step warm-up measured the compilers as much as jnn. PyTorch's
# speed does not change after its first steps. jnn_full is jnn's whole run, warm-up included.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STEPS="${1:-300}"; shift || true
WARMUP="${WARMUP:-2000}"
MODELS=("$@"); [ ${#MODELS[@]} -gt 0 ] || MODELS=(cnn mlp bn-mlp)
ROUNDS="${ROUNDS:-1}"
BACKENDS="${BACKENDS:-vector onednn}"
DATA="${JNN_DATA:-$HOME/.jnn/data/mnist}"
PY=/usr/bin/python3

if ! "$PY" -c 'import torch' 2>/dev/null; then
    echo "PyTorch is not installed: apt-get install python3-torch python3-torchvision" >&2; exit 1
fi
[ -f "$DATA/train-images-idx3-ubyte" ] || "$ROOT/jnn" fetch-data >/dev/null

cpu="$(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores, $(grep -o -m1 'avx512f' /proc/cpuinfo || echo 'no AVX-512'))"
echo "CPU: $cpu; $(date -u '+%Y-%m-%d %H:%M UTC'); samples/s over $STEPS steps after a warm-up of $WARMUP steps (both sides); median of $ROUNDS interleaved round(s)"
printf '%-8s %-8s %8s %14s %14s %8s %14s\n' model backend threads jnn_samples/s torch_samples/s ratio jnn_full

jnn_rate() {  # model backend threads -> "steady full"
    local out; out="$(mktemp -d)"
    "$ROOT/jnn" train --model "$1" --backend "$2" --threads "$3" --no-shuffle --epochs 1000 \
        --max-steps "$((STEPS + WARMUP))" --out "$out/run" >/dev/null 2>&1 || { echo "n/a n/a"; rm -rf "$out"; return; }
    "$PY" - "$out/run/metrics.json" "$WARMUP" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1])); b = d["blocks"]; first = int(sys.argv[2]) // b["steps"]
print(round(sum(b["samples"][first:]) / sum(b["seconds"][first:])), round(d["samples_per_second"]))
PYEOF
    rm -rf "$out"
}

JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR="$ROOT/benchmarks/target/benchmarks.jar"

jnn_infer() {  # backend threads -> cnn inference samples/s at batch 1000 (JMH InferenceBenchmark)
    local out; out="$(mktemp)"
    "$JAVA" --add-modules jdk.incubator.vector -jar "$JAR" InferenceBenchmark -p model=cnn -p backend="$1" \
        -p threads="$2" -f 1 -wi 3 -i 5 -w 1s -r 1s -rf json -rff "$out" >/dev/null 2>&1 || { echo "n/a"; rm -f "$out"; return; }
    "$PY" -c 'import json,sys; print(round(1e6 / json.load(open(sys.argv[1]))[0]["primaryMetric"]["score"]))' "$out"
    rm -f "$out"
}

# PyTorch at its best: OpenBLAS's AVX2-only settings unset, one BLAS thread (torch's OpenMP team
# has the threads), and glibc malloc kept from returning the convolution buffers to the kernel each
# step (MALLOC_*_THRESHOLD_: NOTES.md). /usr/bin/time's page faults and CPU time go beside each
# figure (TORCH_EVIDENCE), so that a baseline in a degraded mode shows.
torch_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE MALLOC_MMAP_THRESHOLD_=1000000000 MALLOC_TRIM_THRESHOLD_=1000000000)
baseline_run() {  # threads command...: the command's JSON line, with "faults" and "cpu_per_wall" added
    local t="$1" ev; shift; ev="$(mktemp)"
    "${torch_env[@]}" OMP_NUM_THREADS="$t" OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS="$t" \
        /usr/bin/time -o "$ev" -f '%R %U %S %e' "$@" \
        | "$PY" -c 'import json,sys; r=json.loads(sys.stdin.read()); f,u,s_,e=map(float,open(sys.argv[1]).read().split()[-4:]); r["faults"]=int(f); r["cpu_per_wall"]=round((u+s_)/e,2); print(json.dumps(r))' "$ev"
    rm -f "$ev"
}
torch_rate() {  # model threads [--infer|--ops N]: one JSON line, with "faults" and "cpu_per_wall" added
    baseline_run "$2" "$PY" "$ROOT/benchmarks/pytorch/train_bench.py" --model "$1" --threads "$2" --steps "$STEPS" \
        --warmup "$WARMUP" --data-dir "$DATA" ${3:-} ${4:-}
}

LIBTORCH_DIR="$ROOT/benchmarks/libtorch"
libtorch_rate() {  # model threads: one JSON line, with "faults" and "cpu_per_wall" added
    baseline_run "$2" "$JAVA" --enable-native-access=ALL-UNNAMED \
        -cp "$LIBTORCH_DIR/target/classes:$LIBTORCH_DIR/target/lib/*" dev.jnn.benchmarks.libtorch.LibtorchBench \
        --model "$1" --threads "$2" --steps "$STEPS" --warmup "$WARMUP" --data-dir "$DATA"
}
if [ "${LIBTORCH:-0}" = 1 ] && [ ! -d "$LIBTORCH_DIR/target/lib" ]; then
    (cd "$LIBTORCH_DIR" && mvn -B -ntp -q package) || { echo "could not build benchmarks/libtorch (LIBTORCH=1)" >&2; exit 1; }
fi

train_rate() {  # JSON line -> its training samples/s
    "$PY" -c 'import json,sys; print(round(json.loads(sys.argv[1])["train_samples_per_s"]))' "$1"
}
evidence_of() {  # JSON line -> "N faults, X CPU/wall"
    "$PY" -c 'import json,sys; r=json.loads(sys.argv[1]); print("%d faults, %.2f CPU/wall" % (r["faults"], r["cpu_per_wall"]))' "$1"
}
ratio() {  # a b -> a / b to two places ("n/a" if either is)
    "$PY" -c "import sys; a,b=sys.argv[1:]; print('%.2f' % (float(a)/float(b)) if 'n/a' not in (a,b) else 'n/a')" "$1" "$2"
}

median() {  # values... -> their median ("n/a" if any is)
    "$PY" -c 'import statistics,sys; v=sys.argv[1:]; print("n/a" if not v or "n/a" in v else round(statistics.median(map(float, v))))' "$@"
}

infer=()  # lines of the inference table
for m in "${MODELS[@]}"; do
    for t in 1 2; do
        if [ "$m" = cnn ]; then
            [ -f "$JAR" ] || (cd "$ROOT" && mvn -B -ntp -q -pl benchmarks -am package -DskipTests >/dev/null)
            ti="$(torch_rate cnn "$t" --infer | "$PY" -c 'import json,sys; print(round(json.load(sys.stdin)["infer_samples_per_s"]))')"
            for b in $BACKENDS; do
                ji="$(jnn_infer "$b" "$t")"
                r="$(ratio "$ji" "$ti")"
                infer+=("$(printf '%-8s %-8s %8s %14s %14s %8s' cnn "$b" "$t" "$ji" "$ti" "$r")")
            done
        fi
        # ROUNDS interleaved rounds (PyTorch, then each backend), so that a slow spell of a shared
        # machine hits both sides; the table shows the medians and the ratio of the medians.
        torches=(); evidence=(); libtorches=(); lt_evidence=(); declare -A js=() fulls=()
        with_libtorch=0; [ "${LIBTORCH:-0}" = 1 ] && { [ "$m" = cnn ] || [ "$m" = mlp ]; } && with_libtorch=1
        for ((r = 0; r < ROUNDS; r++)); do
            tj="$(torch_rate "$m" "$t")"
            torches+=("$(train_rate "$tj")")
            evidence+=("$(evidence_of "$tj")")
            if [ "$with_libtorch" = 1 ]; then
                lj="$(libtorch_rate "$m" "$t")"
                libtorches+=("$(train_rate "$lj")")
                lt_evidence+=("$(evidence_of "$lj")")
            fi
            for b in $BACKENDS; do
                read -r j full <<<"$(jnn_rate "$m" "$b" "$t")"
                js[$b]+="$j "; fulls[$b]+="$full "
            done
        done
        torch="$(median "${torches[@]}")"
        for b in $BACKENDS; do
            j="$(median ${js[$b]})"; full="$(median ${fulls[$b]})"
            r="$(ratio "$j" "$torch")"
            printf '%-8s %-8s %8s %14s %14s %8s %14s\n' "$m" "$b" "$t" "$j" "$torch" "$r" "$full"
            [ "$ROUNDS" -gt 1 ] && echo "         rounds: jnn ${js[$b]}/ torch ${torches[*]}"
        done
        echo "         PyTorch evidence per round: $(IFS=';'; echo "${evidence[*]}")"
        if [ "$with_libtorch" = 1 ]; then
            lt="$(median "${libtorches[@]}")"
            for b in $BACKENDS; do
                j="$(median ${js[$b]})"
                echo "         libtorch 2.10 (JavaCPP) median $lt samples/s (rounds ${libtorches[*]}); jnn $b / libtorch: $(ratio "$j" "$lt")"
            done
            echo "         libtorch evidence per round (whole JVM process): $(IFS=';'; echo "${lt_evidence[*]}")"
        fi
        ops="$(torch_rate "$m" "$t" --ops 30 | "$PY" -c 'import json,sys; r=json.loads(sys.stdin.read()); print("mkldnn %s; top ops: %s" % (r["mkldnn"], ", ".join(r["top_ops"])))')"
        echo "         PyTorch kernels: $ops"
        unset js fulls
    done
done
if [ ${#infer[@]} -gt 0 ]; then
    echo
    echo "Inference, batch 1000 (jnn: JMH InferenceBenchmark, 3 x 1 s warm-up, 5 x 1 s measured; PyTorch: 3 warm-up, 10 timed)"
    printf '%-8s %-8s %8s %14s %14s %8s\n' model backend threads jnn_samples/s torch_samples/s ratio
    printf '%s\n' "${infer[@]}"
fi
