#!/usr/bin/env bash
# Soak run: trains `mlp` for 20,000 steps (about 21 epochs; ./jnn train's defaults otherwise) and logs,
# every 500 steps, the backend's live native bytes, the process's resident memory and the Java heap
# in use (memory.csv). Prints the curve and whether native bytes and RSS stayed flat after warm-up.
#
# Usage: benchmarks/soak.sh [steps] [backend]        (default: 20000 vector)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STEPS="${1:-20000}"
BACKEND="${2:-vector}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'); mlp, $STEPS steps, $BACKEND"
"$ROOT/jnn" train --model mlp --backend "$BACKEND" --epochs 1000 --max-steps "$STEPS" --memory-log 500 \
    --out "$out/run" | grep -E '^(epoch (1|5|10|15|20)/|test accuracy)' || true
/usr/bin/env python3 - "$out/run/memory.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print("%7s %18s %10s %10s" % ("step", "native live bytes", "RSS MiB", "heap MiB"))
for r in rows:
    if int(r["step"]) % 2000 == 0 or r is rows[0]:
        print("%7s %18s %10.1f %10.1f" % (r["step"], r["native_live_bytes"], int(r["rss_bytes"]) / 2**20,
                                          int(r["heap_used_bytes"]) / 2**20))
after = [r for r in rows if int(r["step"]) >= 2000]   # past JIT warm-up and the first epoch
live = {int(r["native_live_bytes"]) for r in after}
rss = [int(r["rss_bytes"]) for r in after]
print("native live bytes after step 2000: %s" % ("constant at %d" % live.pop() if len(live) == 1 else "varies: %s" % sorted(live)))
print("RSS after step 2000: min %.1f MiB, max %.1f MiB, last - first %+.1f MiB"
      % (min(rss) / 2**20, max(rss) / 2**20, (rss[-1] - rss[0]) / 2**20))
PY
