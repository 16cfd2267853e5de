#!/usr/bin/env bash
# Runs, on a GPU machine, every check ../shared/GPU.md asks of the cuda backend, with the bundle
# that scripts/gpu-bundle.sh builds (copied into it as check.sh):
#   check.sh OUT_DIR [REPO_DIR]
# 1. the probe and `jnn backends`; 2. the cuda module's tests (the conformance kit included);
# 3. one epoch of every seed model on cuda; 4. a few cnn/lenet/bn-mlp steps in file order, whose
# weights are compared with the vector backend's on the build machine (tools/compare-weights);
# 5. training throughput of jnn (cuda, TF32 off) and PyTorch on the same GPU (TF32 off, then on),
# when REPO_DIR holds benchmarks/pytorch; 6. a short training under compute-sanitizer (memcheck).
# Every step has its own time limit so that one hang does not cost the others. Writes log.txt and
# results.tgz (test reports, metrics.json, weights) into OUT_DIR; the run folders are kept in
# $JNN_GPU_WORK (default: a new temporary folder), so a caller that stops the script early can
# still pack what was done.
set -uo pipefail
OUT_DIR="${1:?usage: check.sh OUT_DIR [REPO_DIR]}"
REPO="${2:-}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${JNN_GPU_WORK:-$(mktemp -d)}"
mkdir -p "$WORK"
mkdir -p "$OUT_DIR"
exec > >(tee "$OUT_DIR/log.txt") 2>&1

JAVA="$HERE/runtime/bin/java"
JNN=("$JAVA" -XX:+UseParallelGC -Xss4m -Xmx4g -Djava.awt.headless=true -Dguice_custom_class_loading=CHILD
     --add-modules jdk.incubator.vector,ALL-MODULE-PATH --enable-native-access=ALL-UNNAMED,dev.jnn.backend.cuda,dev.jnn.distributed.nccl
     -p "$HERE/app" -m dev.jnn.app/dev.jnn.app.Main)
DATA="$HERE/data"
section() { echo; echo "== $(date +%T) $*"; }
# Runs a step with a time limit and says how it ended.
step() {
    local limit="$1"; shift
    local t0=$SECONDS
    timeout --kill-after=5 "$limit" "$@"
    local rc=$?
    echo "-- rc $rc after $((SECONDS - t0)) s$([ $rc -eq 124 ] && echo ' (time limit)')"
    return 0
}

section "machine"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv
nproc; uname -r
section "backends"
step 60 "${JNN[@]}" backends

section "cuda module tests"
step 180 "$HERE/run.sh"
cp -r "$HERE/reports" "$WORK/test-reports" 2>/dev/null

section "one epoch of every seed model (cuda, recipe defaults)"
for model in cnn mlp bn-mlp lenet linear; do
    echo "-- $model"
    step 90 "${JNN[@]}" train --verbose --no-plots --backend cuda --model "$model" --epochs 1 --data-dir "$DATA" \
        --out "$WORK/epoch-$model" --log-every 600 | grep -v '^\[' | tail -n 4
done

section "a few steps in file order, to compare with the vector backend"
for model in cnn lenet bn-mlp; do
    step 60 "${JNN[@]}" train --verbose --no-plots --backend cuda --model "$model" --max-steps 20 --no-shuffle --log-every 5 \
        --data-dir "$DATA" --out "$WORK/steps-$model" | grep -E '^\[|test accuracy'
done

section "throughput on this GPU: jnn (TF32 off) and PyTorch (TF32 off, then on)"
for model in cnn mlp; do
    step 90 "${JNN[@]}" train --verbose --no-plots --backend cuda --model "$model" --epochs 3 --no-shuffle --log-every 100000 \
        --data-dir "$DATA" --out "$WORK/bench-$model" | tail -n 1
    python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); b = m["blocks"]
print("samples/s per 500-step block:", [round(n / t) for n, t in zip(b["samples"], b["seconds"])])
print("seconds per epoch:", [h.get("seconds") for h in m["history"]])' \
        "$WORK/bench-$model/metrics.json"
done
if [ -n "$REPO" ] && [ -f "$REPO/benchmarks/pytorch/train_bench.py" ]; then
    RAW="$WORK/mnist-raw"; mkdir -p "$RAW"
    for f in "$DATA"/*.gz; do gunzip -c "$f" > "$RAW/$(basename "$f" .gz)"; done
    python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "cudnn", torch.backends.cudnn.version())'
    for model in cnn mlp; do
        for tf32 in "" --tf32; do
            step 90 python3 "$REPO/benchmarks/pytorch/train_bench.py" --device cuda --model "$model" \
                --steps 3000 --warmup 600 --data-dir "$RAW" $tf32
        done
    done
fi

section "data-parallel at world size 1 (NCCL refuses two ranks on one GPU): --distributed nccl vs without, 50 mlp steps"
"${JNN[@]}" backends | sed -n '/collectives/,$p'
for d in none nccl; do
    step 90 "${JNN[@]}" train --verbose --no-plots --backend cuda --model mlp --max-steps 50 --no-shuffle --data-dir "$DATA" \
        --out "$WORK/ddp1-$d" $([ "$d" = nccl ] && echo --distributed nccl) | grep -E '^distributed|all-reduce|test accuracy'
done
cmp "$WORK/ddp1-none/model.safetensors" "$WORK/ddp1-nccl/model.safetensors" && echo "the same model file, byte for byte"

section "compute-sanitizer memcheck: 30 cnn steps"
if command -v compute-sanitizer >/dev/null; then
    step 150 compute-sanitizer --tool memcheck --leak-check full --print-limit 20 \
        "${JNN[@]}" train --verbose --no-plots --backend cuda --model cnn --max-steps 30 --data-dir "$DATA" --out "$WORK/sanitized" \
        > "$WORK/sanitizer.txt" 2>&1
    grep -v '^\[' "$WORK/sanitizer.txt" | grep -v '^=========  ' | tail -n 12
    echo "lines naming an invalid access, a race or an API error: $(grep -c -E 'Invalid|Race|Program hit|API error' "$WORK/sanitizer.txt")"
else
    echo "compute-sanitizer not on PATH"
fi

section "done"
# Only what is looked at later: metrics, the short runs' weights, test reports, the sanitizer's log.
find "$WORK" \( -name '*.png' -o -name 'checkpoint.safetensors' \) -delete
find "$WORK" -path '*epoch-*' -name 'model.safetensors' -delete
find "$WORK" -path '*bench-*' -name 'model.safetensors' -delete
tar -C "$WORK" --exclude=mnist-raw -czf "$OUT_DIR/results.tgz" .
ls -la "$OUT_DIR"
