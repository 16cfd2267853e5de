#!/usr/bin/env bash
# Builds a self-contained bundle that runs the cuda backend's tests on a GPU machine that has Python,
# PyTorch and NVIDIA's wheels but no Java, no Maven and no network (see docs in native-bindings/cuda/README.md):
#   .bundle/gpu/jnn-gpu-bundle.tgz  =  a jlink'd JDK 25 runtime + the jars + run.sh
# On the GPU machine:  tar xzf jnn-gpu-bundle.tgz && jnn-gpu/run.sh      (the cuda module's tests)
#                  or: jnn-gpu/check.sh OUT_DIR [REPO_DIR]                 (everything GPU.md asks for)
# run.sh prints the probe (GPU, driver, library versions and files), then runs every test of the
# cuda module with the JUnit console launcher and leaves XML reports in jnn-gpu/reports/.
# check.sh also trains every seed model for one epoch on cuda, repeats a few cnn steps to compare
# with the vector backend here, times jnn and PyTorch (TF32 off and on) on the same GPU, and runs a
# short training under compute-sanitizer; it writes its log and results into OUT_DIR.
# The app's jars (without oneDNN's 27 MB natives jar) and MNIST (gzip) travel too.
# Needs: JDK 25 at JAVA_HOME (jlink, jar), Maven with the jnn modules buildable offline.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
OUT="$ROOT/.bundle/gpu"            # .bundle/ is git-ignored
STAGE="$OUT/jnn-gpu"
JUNIT_CONSOLE_VERSION=1.14.1       # the platform version of junit-bom 5.14.1 in the parent pom

rm -rf "$OUT" && mkdir -p "$STAGE/lib" "$STAGE/app" "$STAGE/data"

echo "== building jnn-backend-cuda and what it needs"
mvn -B -q -o -pl native-bindings/cuda -am install -DskipTests
mvn -B -q -o -pl native-bindings/cuda dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$OUT/classpath.txt"
mvn -B -q dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:$JUNIT_CONSOLE_VERSION \
    -DoutputDirectory="$STAGE/lib"

# The module's jars, its test classes as a jar, and its test class path minus JUnit's own jars
# (the console launcher carries the whole JUnit platform and Jupiter).
find native-bindings/cuda/target -maxdepth 1 -name "jnn-backend-cuda-*.jar" ! -name "*-sources.jar" ! -name "*-javadoc.jar" -exec cp {} "$STAGE/lib/" \;
"$JAVA_HOME/bin/jar" --create --file "$STAGE/lib/jnn-backend-cuda-tests.jar" -C native-bindings/cuda/target/test-classes .
# byte-buddy (9 MB) only serves AssertJ's soft assertions and proxies, which the cuda tests do not use.
tr ':' '\n' < "$OUT/classpath.txt" | grep -v -e '/org/junit/' -e '/org/opentest4j/' -e '/org/apiguardian/' -e '/byte-buddy/' \
    | while read -r jar; do [ -n "$jar" ] && cp "$jar" "$STAGE/lib/"; done

# The app: the launcher's module path, less the onednn backend (its natives jar stays behind).
mvn -B -q -o -pl app -am install -DskipTests -Djnn.skipJavadoc=true
find app/target/lib -name '*.jar' ! -name 'jnn-backend-onednn-*' -exec cp {} "$STAGE/app/" \;
DATA="${JNN_DATA:-$HOME/.jnn/data/mnist}"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    [ -f "$DATA/$f" ] || { echo "MNIST missing in $DATA: run ./jnn fetch-data first" >&2; exit 1; }
    gzip -9 -c "$DATA/$f" > "$STAGE/data/$f.gz"
done

# jnn's runtime (scripts/jlink-runtime.sh, as ./jnn dist makes it), plus jdk.zipfs: the JUnit launcher
# scans test jars as zip file systems (java.xml, already in, writes its XML reports). The stripped
# libjvm.so keeps the bundle under 64 MiB.
echo "== jlink: a JDK 25 runtime with what jnn and the test launcher use"
# shellcheck source=scripts/jlink-runtime.sh
source "$ROOT/scripts/jlink-runtime.sh"
jlink_runtime "$STAGE/runtime" jdk.zipfs

cat > "$STAGE/run.sh" <<'RUN'
#!/usr/bin/env bash
# Runs jnn's cuda tests with the bundled Java runtime. Extra arguments go to the JUnit console
# launcher (for example --select-class dev.jnn.backend.cuda.CudaBackendConformanceTest).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAVA="$HERE/runtime/bin/java"
CP="$(find "$HERE/lib" -name '*.jar' ! -name 'junit-platform-console-standalone-*' | sort | tr '\n' ':')"
FLAGS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED)
echo "== machine"; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1 | head -3
echo "== probe"; "$JAVA" "${FLAGS[@]}" -cp "$CP" dev.jnn.backend.cuda.ProbeMain
echo "== tests"
if [ $# -eq 0 ]; then set -- --select-package dev.jnn.backend.cuda; fi
"$JAVA" "${FLAGS[@]}" -jar "$HERE"/lib/junit-platform-console-standalone-*.jar execute \
    --class-path "$CP" --details=tree --disable-banner --disable-ansi-colors --reports-dir "$HERE/reports" "$@"
RUN
cp "$ROOT/scripts/gpu-check.sh" "$STAGE/check.sh"
chmod +x "$STAGE/run.sh" "$STAGE/check.sh"

tar -C "$OUT" -czf "$OUT/jnn-gpu-bundle.tgz" jnn-gpu
SIZE=$(stat -c %s "$OUT/jnn-gpu-bundle.tgz")
echo "== $OUT/jnn-gpu-bundle.tgz: $((SIZE / 1024 / 1024)) MiB"
[ "$SIZE" -lt $((64 * 1024 * 1024)) ] || { echo "bundle is over 64 MiB" >&2; exit 1; }
