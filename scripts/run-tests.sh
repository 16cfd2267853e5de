#!/usr/bin/env bash
# The test command (README, CI): the whole Maven reactor's tests on JDK 25, then the examples,
# which build against the jnn modules the reactor just installed, as a user's project would, and
# the plugin check: the example backend's jar dropped into a plugins folder trains with ./jnn.
# --fail-at-end: one run reports the failures of every module whose dependencies built.
# Called through `./jnn test`, which has already set JAVA_HOME to a JDK 25.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
command -v mvn >/dev/null 2>&1 || { echo "jnn: Maven not found on PATH: install it (apt-get install maven) and retry." >&2; exit 1; }
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
mvn -B -ntp --fail-at-end install "$@"
touch app/target/lib/.jnn-build-stamp

echo "== example: examples/backend-plugin"
mvn -B -ntp -f examples/backend-plugin/pom.xml install

echo "== example: examples/consumer (a modular application on jnn's modules: a model of its own, one epoch)"
mvn -B -ntp -f examples/consumer/pom.xml install
consumer_out="$("$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -p examples/consumer/target/lib \
    -m com.example.consumer/com.example.consumer.CustomCnn 1 2>&1)" || true
echo "$consumer_out"

echo "== example: examples/snippets (the code of the modules' READMEs)"
mvn -B -ntp -f examples/snippets/pom.xml install
snippets_out="$("$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -Djava.awt.headless=true \
    -p examples/snippets/target/lib -m com.example.snippets/com.example.snippets.Snippets 2>&1)" || true
echo "$snippets_out" | tail -n 3

echo "== plugin check: ./jnn with --plugins"
plugins="$(mktemp -d)"
trap 'rm -rf "$plugins"' EXIT
cp examples/backend-plugin/target/jnn-scalar-backend-*.jar "$plugins/"
printf 'not a jar' > "$plugins/broken-plugin.jar"
listing="$(./jnn backends --plugins "$plugins")"
echo "$listing"
passed=0; failed=0
check() { if eval "$2"; then passed=$((passed + 1)); echo "ok: $1"; else failed=$((failed + 1)); echo "FAILED: $1"; fi; }
check "the consumer example trains its own cnn for an epoch past 97% test accuracy" 'grep -Eq "epoch 1: test accuracy (9[7-9]|100)\.[0-9]+%" <<<"$consumer_out"'
check "the modules' README code runs" 'grep -q "^snippets ran: data, nn, train" <<<"$snippets_out"'
check "the plugin's backend is listed as available" 'grep -A1 "^scalar *available" <<<"$listing" | grep -q "example plugin"'
check "a broken plugin jar is listed as unavailable with its reason" 'grep -A1 "^broken-plugin.jar *not available" <<<"$listing" | grep -q "because plugin does not load"'
check "jnn trains a few steps on the plugin backend" './jnn train --plugins "$plugins" --backend scalar --model linear --max-steps 3 --out "$plugins/run" >"$plugins/train.log" 2>&1 && grep -q "backend: scalar" "$plugins/train.log" && test -f "$plugins/run/model.safetensors"'
echo "examples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
