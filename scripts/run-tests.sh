#!/usr/bin/env bash
# The test command (README, CI): the whole Maven reactor's tests on JDK 25, then the examples,
# which build against the jnn modules the reactor just installed, as a user's project would, the
# plugin check (the example backend's jar dropped into a plugins folder trains with ./jnn), and the
# dist check (./jnn dist's tarball, unpacked, trains without a JDK).
# --fail-at-end: one run reports the failures of every module whose dependencies built.
# Called through `./jnn test`, which has already set JAVA_HOME to a JDK 25.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
command -v mvn >/dev/null 2>&1 || { echo "jnn: Maven not found on PATH: install it (apt-get install maven) and retry." >&2; exit 1; }
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
mvn -B -ntp --fail-at-end install "$@"
touch app/target/lib/.jnn-build-stamp

# Each module's javadoc was built above with doclint and failOnWarnings; this is the one site of the
# library's API that the README points to.
echo "== javadoc: the library's API as one site, target/reports/apidocs/index.html"
mvn -B -ntp -q javadoc:aggregate

echo "== example: examples/backend-plugin"
mvn -B -ntp -f examples/backend-plugin/pom.xml install

# Maven 3.8's default Surefire (2.12.4) cannot run JUnit 5: the kit must fail there, naming the fix,
# rather than pass with no test run (the example's own build above runs it under Surefire 3.5.4).
echo "== example: examples/backend-plugin's conformance test under Surefire 2.12.4 (must fail)"
old_surefire_rc=0
old_surefire="$(mvn -B -ntp -f examples/backend-plugin/pom.xml org.apache.maven.plugins:maven-surefire-plugin:2.12.4:test 2>&1)" \
    || old_surefire_rc=$?
grep -E "Tests run:|without the JUnit Platform" <<<"$old_surefire" | head -3 || true

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
check "the conformance kit fails under Surefire 2.12.4, naming Surefire 3.x" '[ "$old_surefire_rc" -ne 0 ] && grep -q "was run without the JUnit Platform.*maven-surefire-plugin 3.5.4" <<<"$old_surefire"'
check "the plugin's backend is listed as available" 'grep -A1 "^scalar *available" <<<"$listing" | grep -q "example plugin"'
check "a broken plugin jar is listed as unavailable with its reason" 'grep -A1 "^broken-plugin.jar *not available" <<<"$listing" | grep -q "because plugin does not load"'
check "jnn trains a few steps on the plugin backend" './jnn train --plugins "$plugins" --backend scalar --model linear --max-steps 3 --out "$plugins/run" >"$plugins/train.log" 2>&1 && grep -q "backend: scalar" "$plugins/train.log" && test -f "$plugins/run/model.safetensors"'

# The tarball of ./jnn dist, unpacked where nothing else is: no JAVA_HOME, and a java and mvn first on
# PATH that fail if called, so the image must run on its own Java (this machine has a JDK in /usr/bin).
echo "== dist: ./jnn dist, then its bin/jnn without a JDK, Maven or JAVA_HOME"
dist_log="$plugins/dist.log"
check "./jnn dist packs target/jnn-<version>-<os>-<arch>.tar.gz" './jnn dist >"$dist_log" 2>&1 && ls target/jnn-*.tar.gz >/dev/null'
tail -n 2 "$dist_log"
mkdir -p "$plugins/unpacked" "$plugins/home" "$plugins/no-jdk"
printf '#!/bin/sh\necho "$0 was called: the image must not need it" >&2\nexit 99\n' >"$plugins/no-jdk/java"
cp "$plugins/no-jdk/java" "$plugins/no-jdk/mvn"
chmod +x "$plugins/no-jdk/java" "$plugins/no-jdk/mvn"
tarball="$(ls -t target/jnn-*.tar.gz 2>/dev/null | head -n 1)"
[ -n "$tarball" ] && tar -xzf "$tarball" -C "$plugins/unpacked" || true
dist_jnn() { env -i PATH="$plugins/no-jdk:/usr/bin:/bin" HOME="$plugins/home" "$plugins"/unpacked/jnn-*/bin/jnn "$@"; }
dist_backends="$(dist_jnn backends 2>&1)" || true
echo "$dist_backends" | grep -v '^ '
check "the unpacked image lists vector and onednn as available" 'grep -q "^vector *available" <<<"$dist_backends" && grep -q "^onednn *available" <<<"$dist_backends"'
check "the unpacked image trains a few steps" 'dist_jnn train --model linear --max-steps 3 --no-plots --data-dir "${JNN_DATA:-$HOME/.jnn/data/mnist}" \
    --out "$plugins/dist-run" >"$plugins/dist-train.log" 2>&1 && grep -q "stopped after 3 steps" "$plugins/dist-train.log" \
    && test -f "$plugins/dist-run/model.safetensors"'
echo "examples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
