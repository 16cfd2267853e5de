#!/usr/bin/env bash
# Runs every kernel benchmark in one sitting and prints the README's tables:
#   FMA peak per core, OpenBLAS sgemm (1 and 2 threads), jnn SGEMM and conv (JMH, 1 and 2 threads).
# Usage: benchmarks/run.sh [jmh options]   (default: -f 1 -wi 3 -i 5 -w 1s -r 1s)
# Needs JDK 25 (JAVA_HOME), Maven, cc and libopenblas-dev. Results go to benchmarks/target/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=benchmarks/target/results
mkdir -p "$out" benchmarks/target/native
jmh_opts=("$@")
[ ${#jmh_opts[@]} -eq 0 ] && jmh_opts=(-f 1 -wi 3 -i 5 -w 1s -r 1s)

if [ -d modules/core ]; then
  mvn -q -pl benchmarks -am package -DskipTests
else  # a checkout with the kernels only (the kernels branch)
  mvn -q -f modules/backend-vector/pom.xml install -DskipTests
  mvn -q -f benchmarks/pom.xml package
fi
cc -O2 -march=native -o benchmarks/target/native/fma_peak benchmarks/native/fma_peak.c
cc -O2 -o benchmarks/target/native/openblas_sgemm benchmarks/native/openblas_sgemm.c -lopenblas

{ date -u; lscpu | grep -E 'Model name|^CPU\(s\)'; uptime; } > "$out/machine.txt"
benchmarks/target/native/fma_peak | tee "$out/fma_peak.txt"
# The environment pins OpenBLAS to its AVX2 (Haswell) kernels; unset both for the baseline only.
for t in 1 2; do
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=$t \
    benchmarks/target/native/openblas_sgemm "${OPENBLAS_SECONDS:-3}" | tee "$out/openblas_${t}t.txt"
done
java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar 'SgemmBenchmark|ConvBenchmark' \
  "${jmh_opts[@]}" -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt"
uptime >> "$out/machine.txt"
python3 benchmarks/tables.py "$out"
